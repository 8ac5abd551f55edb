import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitGracefully, exitOnStartupFailure, loadConfigOrExit } from './common/process-lifecycle';
import { startOpsServer } from './modules/health/ops-server';
import { WorkerModule } from './worker.module';

/** The worker process (every queue): `node backend/dist/worker.js`, scaled apart from the API. */
async function bootstrap(): Promise<void> {
  // The worker signs and checks no tokens.
  const config = loadConfigOrExit({ needsJwtSecret: false });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const server = await startOpsServer(app, config.HOST, config.WORKER_PORT);
  logger.log(
    `worker running; /health and /metrics on http://${config.HOST}:${config.WORKER_PORT}`,
    'Bootstrap',
  );
  const close = async () => {
    server.close();
    await app.close();
  };
  exitGracefully({ close, server }, config, logger);
}

bootstrap().catch(exitOnStartupFailure);
