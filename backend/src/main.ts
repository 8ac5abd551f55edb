import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { exitGracefully, exitOnStartupFailure, loadConfigOrExit } from './common/process-lifecycle';
import { startTelemetry, stopTelemetry } from './common/telemetry/telemetry';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  // Tracing hooks the modules as they load: everything that loads Nest, pg or Redis comes after.
  await startTelemetry(config, 'api');
  const { Logger } = await import('./common/logger.module.js');
  const { createApp } = await import('./create-app.js');
  const { startOpsServer } = await import('./modules/health/ops-server.js');
  const app = await createApp(config);
  const logger = app.get(Logger);
  await app.listen(config.PORT, config.HOST);
  const ops = await startOpsServer(app, config.HOST, config.METRICS_PORT);
  const opsPort = (ops.address() as AddressInfo).port;
  logger.log(
    `API listening on http://${config.HOST}:${config.PORT} (docs at /docs); ` +
      `metrics on http://${config.HOST}:${opsPort}/metrics`,
    'Bootstrap',
  );
  const close = async () => {
    ops.close();
    await app.close();
    await stopTelemetry();
  };
  exitGracefully({ close, server: app.getHttpServer() }, config, logger);
}

bootstrap().catch(exitOnStartupFailure);
