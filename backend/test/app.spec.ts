import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { buildOpenApiDocument, sortKeys } from '../src/common/openapi/document';
import { startOpsServer } from '../src/modules/health/ops-server';
import { startTestApp, type TestApp } from './support/app';

describe('application shell', () => {
  let t: TestApp;
  let spaDir: string;

  beforeAll(async () => {
    spaDir = mkdtempSync(join(tmpdir(), 'chat-spa-'));
    writeFileSync(
      join(spaDir, 'index.html'),
      '<!doctype html><title>Chat</title><app-root></app-root>',
    );
    writeFileSync(join(spaDir, 'main-ABCDEFGH.js'), 'console.log("app")');
    writeFileSync(join(spaDir, 'chunk-pYGNVHeX.js'), 'console.log("chunk")');
    t = await startTestApp({
      SPA_DIR: spaDir,
      HTTP_BODY_LIMIT: '1kb',
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(spaDir, { recursive: true, force: true });
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await request(t.url).get('/docs').redirects(1).expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('swagger-ui');
  });

  it('serves an OpenAPI 3 document at /docs-json that matches the committed backend/openapi.json', async () => {
    const res = await request(t.url).get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/health/ready'].get.operationId).toBe('ready');
    const committed: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'),
    );
    // Stale contract = the SDK the frontend uses is out of date: run `npm run api:sync`.
    expect(sortKeys(buildOpenApiDocument(t.app))).toEqual(committed);
  });

  it('exposes Prometheus metrics on the operations port only, with the HTTP request histogram', async () => {
    await request(t.url).get('/health').expect(200);
    await request(t.url).get('/metrics').expect(404);
    const ops = await startOpsServer(t.app, '127.0.0.1', 0);
    const opsUrl = `http://127.0.0.1:${(ops.address() as AddressInfo).port}`;
    const res = await request(opsUrl).get('/metrics');
    ops.close();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} \d+/,
    );
  });

  it('closes the connection of a client that sends its headers too slowly (slowloris)', async () => {
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    // Never finish the header block: the server must give up on its own (408), not wait forever.
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers unknown API routes with the standard JSON error body', async () => {
    const res = await request(t.url).get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('refuses an oversize body with 413 before parsing it', async () => {
    const res = await request(t.url)
      .post('/api/v1/nothing-here')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ body: 'x'.repeat(4096) }));
    expect(res.status).toBe(413);
  });

  it('gives every response a request id, honouring a sane incoming one', async () => {
    const generated = await request(t.url).get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request(t.url).get('/health').set('x-request-id', 'trace-123');
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    const tooLong = 'x'.repeat(500);
    const replaced = await request(t.url).get('/health').set('x-request-id', tooLong);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers', async () => {
    const res = await request(t.url).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the SPA at / and its client-side routes, never for server paths', async () => {
    const home = await request(t.url).get('/').set('accept', 'text/html').expect(200);
    expect(home.text).toContain('<app-root>');
    expect(home.headers['cache-control']).toBe('no-cache');

    const deepLink = await request(t.url).get('/chat/123').set('accept', 'text/html').expect(200);
    expect(deepLink.text).toContain('<app-root>');

    const asset = await request(t.url).get('/main-ABCDEFGH.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const chunk = await request(t.url).get('/chunk-pYGNVHeX.js').expect(200);
    expect(chunk.headers['cache-control']).toContain('immutable');

    await request(t.url).get('/api/v1/unknown').set('accept', 'text/html').expect(404);
  });
});
