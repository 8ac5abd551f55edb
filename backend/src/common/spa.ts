import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths that belong to the server; everything else is the SPA's client-side routing. */
const SERVER_PREFIXES = ['/api/', '/socket.io/', '/docs', '/health', '/metrics'];

const isServerPath = (path: string) =>
  SERVER_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p));

/**
 * Serves the built Angular app: hashed assets cached for a year, `index.html` never cached,
 * and unknown GET paths answered with `index.html` so deep links survive a reload.
 */
export function spaMiddleware(dir: string): express.RequestHandler {
  const index = join(dir, 'index.html');
  const assets = express.static(dir, {
    index: false,
    setHeaders: (res, path) => {
      const hashed = /[-.][0-9A-Za-z]{8,}\.(js|css)$/.test(path) || /\/media\//.test(path);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Server paths skip both handlers: no disk lookup on the API's hot path.
  return (req: Request, res: Response, next: NextFunction) => {
    if (isServerPath(req.path)) {
      next();
      return;
    }
    assets(req, res, () => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) {
        next();
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  };
}

/** The SPA directory to serve, if one was built. */
export function resolveSpaDir(configured: string | undefined): string | undefined {
  const candidates = configured
    ? [configured]
    : [join(__dirname, '..', '..', '..', 'frontend', 'dist', 'frontend', 'browser')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}
