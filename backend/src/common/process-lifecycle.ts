import type { Server } from 'node:http';
import type { Logger } from 'nestjs-pino';
import { type AppConfig, ConfigError, loadConfig } from '../config/app-config';

/** The validated configuration, or one line on stderr naming what is wrong and exit 1. */
export function loadConfigOrExit(options?: { needsJwtSecret?: boolean }): AppConfig {
  try {
    return loadConfig(process.env, options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight work finish, close pools; anything that
 * outlives SHUTDOWN_TIMEOUT_MS is cut so orchestrators never have to SIGKILL us.
 */
export function exitGracefully(
  { close, server }: { close: () => Promise<void>; server: Server },
  config: AppConfig,
  logger: Logger,
): void {
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
    setInterval(() => server.closeIdleConnections(), 100).unref();
    close().then(
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

export function exitOnStartupFailure(error: unknown): never {
  process.stderr.write(
    `Startup failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
