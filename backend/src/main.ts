import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const app = await createApp(config);
  const logger = app.get(Logger);
  await app.listen(config.PORT, config.HOST);
  logger.log(`API listening on http://${config.HOST}:${config.PORT} (docs at /docs)`, 'Bootstrap');

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close pools; a request
  // that outlives SHUTDOWN_TIMEOUT_MS is cut so orchestrators never have to SIGKILL us.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: shutting down`, 'Bootstrap');
    setTimeout(() => {
      logger.error(
        `shutdown took longer than ${config.SHUTDOWN_TIMEOUT_MS} ms; exiting`,
        'Bootstrap',
      );
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    // server.close() waits for keep-alive connections to idle out; close each as soon as its
    // in-flight request is answered instead.
    const server: Server = app.getHttpServer();
    setInterval(() => server.closeIdleConnections(), 100).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error, 'Bootstrap');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `Startup failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
