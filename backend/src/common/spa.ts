import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Paths that belong to the server; everything else is the SPA's client-side routing. */
const SERVER_PREFIXES = ['/api/', '/socket.io/', '/docs', '/health', '/metrics'];

const isServerPath = (path: string) =>
  SERVER_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p));

/** Content-hashed bundles (main-WMLGRGOP.js, chunk--nqEaQce.js) and their precompressed copies. */
const HASHED_ASSET = /\/[^/]+-[0-9A-Za-z_-]{8}\.(?:js|mjs|css)(?:\.br|\.gz)?$/;

/**
 * Serves the built Angular app: the build's Brotli/gzip copies (`npm run build` writes them
 * next to each file) when the client accepts them, hashed assets cached for a year, `index.html`
 * never cached, and unknown GET paths answered with `index.html` so deep links survive a reload.
 */
export function spaMiddleware(dir: string): express.RequestHandler {
  const assets = expressStaticGzip(dir, {
    index: false,
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    serveStatic: {
      index: false,
      setHeaders: (res, path) => {
        const hashed = HASHED_ASSET.test(path) || /\/media\//.test(path);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    },
  }) as express.RequestHandler;
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
      // A client-side route: the app's index.html, compressed like any other file.
      const url = req.url;
      req.url = '/index.html';
      assets(req, res, (error?: unknown) => {
        req.url = url;
        next(error);
      });
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
