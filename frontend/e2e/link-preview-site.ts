import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A cover image for the test pages: an SVG, so the test needs no binary file. */
const COVER = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="#3949ab"/><stop offset="1" stop-color="#00897b"/></linearGradient></defs>
  <rect width="1200" height="630" fill="url(#g)"/>
  <circle cx="900" cy="200" r="120" fill="#ffffff" fill-opacity="0.25"/>
  <text x="80" y="520" font-family="sans-serif" font-size="96" fill="#fff">Trail guide</text>
</svg>`;

export interface TestPage {
  title: string;
  description: string;
  siteName?: string;
  /**
   * Path of the og:image on the site's https image host; a path it does not serve makes a
   * broken image.
   */
  image?: string;
}

/** A throwaway self-signed certificate for 127.0.0.1 (browsers here ignore HTTPS errors). */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'link-preview-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Real web pages on this machine for the stack to preview (it runs with the test-only
 * LINK_PREVIEW_ALLOW_PRIVATE=true, see scripts/e2e.mjs), with their Open Graph tags, and an
 * https host for their images (the app's Content-Security-Policy loads remote images over https
 * only): contexts that show them need `ignoreHTTPSErrors`.
 */
export class LinkPreviewSite {
  private readonly pages = new Map<string, TestPage>();
  private readonly server: Server;
  private readonly images: Server;
  base = '';
  imageBase = '';

  constructor() {
    this.images = createHttpsServer(selfSignedCertificate(), (req, res) => {
      if (req.url === '/cover.svg')
        res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(COVER);
      else res.writeHead(404).end();
    });
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const page = this.pages.get(path);
      if (!page) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
        <html><head><title>${page.title}</title>
        <meta property="og:title" content="${page.title}">
        <meta property="og:description" content="${page.description}">
        ${page.siteName ? `<meta property="og:site_name" content="${page.siteName}">` : ''}
        ${page.image ? `<meta property="og:image" content="${this.imageBase}${page.image}">` : ''}
        </head><body><h1>${page.title}</h1></body></html>`);
    });
  }

  async start(): Promise<void> {
    const listen = (server: Server) =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      );
    this.base = `http://127.0.0.1:${await listen(this.server)}`;
    this.imageBase = `https://127.0.0.1:${await listen(this.images)}`;
  }

  /** Serves `page` at `path` and answers its URL. */
  add(path: string, page: TestPage): string {
    this.pages.set(path, page);
    return `${this.base}${path}`;
  }

  async close(): Promise<void> {
    for (const server of [this.server, this.images]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}
