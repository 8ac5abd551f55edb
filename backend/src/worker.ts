import 'reflect-metadata';
import { exitGracefully, exitOnStartupFailure, loadConfigOrExit } from './common/process-lifecycle';
import { startTelemetry, stopTelemetry } from './common/telemetry/telemetry';

/** The worker process (every queue): `node backend/dist/worker.js`, scaled apart from the API. */
async function bootstrap(): Promise<void> {
  // The worker signs and checks no tokens.
  const config = loadConfigOrExit({ needsJwtSecret: false });
  // Tracing hooks the modules as they load: everything that loads Nest, pg or Redis comes after.
  await startTelemetry(config, 'worker');
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('./common/logger.module.js');
  const { startOpsServer } = await import('./modules/health/ops-server.js');
  const { WorkerModule } = await import('./worker.module.js');
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
    await stopTelemetry();
  };
  exitGracefully({ close, server }, config, logger);
}

bootstrap().catch(exitOnStartupFailure);
