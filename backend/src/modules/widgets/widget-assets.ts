import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** What scripts/build-widget.mjs wrote: the current versioned file and its sizes. */
export interface WidgetManifest {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

const VERSIONED = /^\/widget\.[\w-]{10}\.js$/;

/** The built widget: dist/widget beside the compiled code, or after a build when run from src. */
export function resolveWidgetDir(): string | undefined {
  return [
    join(__dirname, '..', '..', 'widget'),
    join(__dirname, '..', '..', '..', 'dist', 'widget'),
  ].find((dir) => existsSync(join(dir, 'manifest.json')));
}

/**
 * Another site's page loads the script: helmet's `Cross-Origin-Resource-Policy: same-origin`
 * would make its browser refuse it.
 */
const crossOrigin = (res: ServerResponse) => {
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Allow-Origin', '*');
};

/**
 * `GET /widget.js` redirects (cached 5 minutes) to the versioned `/widget.<hash>.js`, cached
 * for a year as immutable, Brotli or gzip as the browser accepts; so a shop's tag never changes
 * and a new release reaches every page within five minutes. With `demoWidgetId()`, also the demo
 * shop at `/demo/shop`.
 */
export function widgetAssetsMiddleware(
  dir: string | undefined,
  demoWidgetId: (origin: string) => Promise<string | null>,
): express.RequestHandler {
  const manifest = dir
    ? (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as WidgetManifest)
    : null;
  const files = dir
    ? (expressStaticGzip(dir, {
        index: false,
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        serveStatic: {
          index: false,
          setHeaders: (res: ServerResponse) => {
            crossOrigin(res);
            res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
          },
        },
      }) as express.RequestHandler)
    : null;
  const demoPage = dir ? readFileSync(join(dir, 'demo-shop.html'), 'utf8') : '';
  const demoCss = dir ? readFileSync(join(dir, 'demo-shop.css'), 'utf8') : '';

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/widget.js') {
      if (!manifest) return void res.status(404).type('text/plain').send('widget.js is not built');
      crossOrigin(res);
      res.setHeader('Cache-Control', 'public, max-age=300');
      return res.redirect(302, `/${manifest.file}`);
    }
    if (files && VERSIONED.test(req.path)) return files(req, res, next);
    if (!dir || (req.path !== '/demo/shop' && req.path !== '/demo/shop.css')) return next();
    demoWidgetId(`${req.protocol}://${req.get('host') ?? 'localhost'}`).then((demoId) => {
      if (!demoId) return next();
      res.setHeader('Cache-Control', 'no-cache');
      if (req.path === '/demo/shop.css') return void res.type('css').send(demoCss);
      res.type('html').send(demoPage.replace('__WIDGET_ID__', demoId));
    }, next);
  };
}
