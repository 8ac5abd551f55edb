import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { spaMiddleware } from './spa';

describe('spaMiddleware', () => {
  const bundle = `console.log(${JSON.stringify('chat '.repeat(500))});`;
  const html = `<!doctype html><title>Chat</title><app-root>${' '.repeat(2000)}</app-root>`;
  let dir: string;
  let app: express.Express;

  /** A file as the frontend build leaves it: the original plus its .br and .gz copies. */
  function writeBuilt(name: string, content: string) {
    writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(content));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(content));
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-spa-unit-'));
    mkdirSync(join(dir, 'media'));
    writeBuilt('index.html', html);
    writeBuilt('main-WMLGRGOP.js', bundle);
    writeBuilt('chunk--nqEaQce.js', bundle);
    writeFileSync(join(dir, 'media', 'roboto-latin-400-normal-ABCDEFGH.woff2'), 'font');
    writeFileSync(join(dir, 'favicon.ico'), 'icon');
    app = express();
    app.use(spaMiddleware(dir));
    app.use((_req, res) => res.status(404).send('server'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The response as it went over the wire (supertest would decode the body). */
  function get(path: string, headers: Record<string, string>) {
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const server = app.listen(0, '127.0.0.1', () => {
          const { port } = server.address() as AddressInfo;
          httpGet({ host: '127.0.0.1', port, path, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              server.close();
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
              });
            });
          }).on('error', reject);
        });
      },
    );
  }

  it('answers with the Brotli copy when the client accepts br, cached for a year', async () => {
    const res = await get('/main-WMLGRGOP.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toContain('Accept-Encoding');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.body).toString()).toBe(bundle);
    expect(res.body.length).toBeLessThan(bundle.length / 10);
  });

  it('answers with the gzip copy to a client without br, and the original to one without either', async () => {
    const gz = await get('/chunk--nqEaQce.js', { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gz.body).toString()).toBe(bundle);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['vary']).toContain('Accept-Encoding');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const plain = await get('/chunk--nqEaQce.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(bundle);
  });

  it('serves index.html compressed and never cached, also for client-side routes', async () => {
    for (const path of ['/', '/chat/123']) {
      const res = await get(path, { accept: 'text/html', 'accept-encoding': 'br' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(res.body).toString()).toBe(html);
    }
  });

  it('caches fonts in media/ for a year and unhashed files not at all', async () => {
    const font = await request(app).get('/media/roboto-latin-400-normal-ABCDEFGH.woff2');
    expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(app).get('/favicon.ico').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('leaves server paths alone', async () => {
    const res = await request(app).get('/api/v1/anything').set('accept', 'text/html');
    expect(res.status).toBe(404);
    expect(res.text).toBe('server');
  });
});
