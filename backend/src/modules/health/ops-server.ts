import { createServer, type Server, type ServerResponse } from 'node:http';
import { HttpException, type INestApplicationContext } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { HealthController } from './health.controller';

/**
 * /health, /health/ready and /metrics on an operations port, with the same checks as the API's:
 * the worker's only HTTP surface, and where the API keeps its metrics off the public port. No
 * router, so no API route can leak onto it.
 */
export async function startOpsServer(
  app: INestApplicationContext,
  host: string,
  port: number,
): Promise<Server> {
  const health = app.get(HealthController);
  const metrics = app.get(MetricsService);
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res
      .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  const answer = async (path: string, res: ServerResponse) => {
    if (path === '/health') return json(res, 200, await health.health());
    if (path === '/health/ready') return json(res, 200, await health.ready());
    if (path === '/metrics') {
      const text = await metrics.render();
      return res
        .writeHead(200, { 'content-type': metrics.contentType(), 'cache-control': 'no-store' })
        .end(text);
    }
    json(res, 404, { statusCode: 404, message: 'not found' });
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return json(res, 405, { statusCode: 405, message: 'GET only' });
    answer(path, res).catch((error: unknown) => {
      // A failed readiness check is an answer (503 naming what is down), not an error.
      if (error instanceof HttpException) return json(res, error.getStatus(), error.getResponse());
      json(res, 500, { statusCode: 500, message: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
