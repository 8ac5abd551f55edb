import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { exitGracefully, exitOnStartupFailure, loadConfigOrExit } from './common/process-lifecycle';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  const logger = app.get(Logger);
  await app.listen(config.PORT, config.HOST);
  logger.log(`API listening on http://${config.HOST}:${config.PORT} (docs at /docs)`, 'Bootstrap');
  exitGracefully({ close: () => app.close(), server: app.getHttpServer() }, config, logger);
}

bootstrap().catch(exitOnStartupFailure);
