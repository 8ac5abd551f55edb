import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { exitGracefully, exitOnStartupFailure, loadConfigOrExit } from './common/process-lifecycle';
import { createApp } from './create-app';
import { startOpsServer } from './modules/health/ops-server';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
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
  };
  exitGracefully({ close, server: app.getHttpServer() }, config, logger);
}

bootstrap().catch(exitOnStartupFailure);
