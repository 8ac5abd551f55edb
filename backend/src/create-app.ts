import { type INestApplication, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './common/openapi/document';
import { resolveSpaDir, spaMiddleware } from './common/spa';
import { StrictValidationPipe } from './common/strict-validation.pipe';
import { DependencyErrorsFilter } from './common/dependency-errors';
import { applyHttpTimeouts } from './common/http-timeouts';
import { rejectHostileUrls, scanJsonText } from './common/hostile-input';
import { RateLimitedFilter } from './common/rate-limit/rate-limited.exception';
import { RedisIoAdapter } from './modules/realtime/redis-io.adapter';
import { httpMetricsMiddleware } from './modules/metrics/http-metrics.middleware';
import { MetricsService } from './modules/metrics/metrics.service';
import { DemoShop } from './modules/widgets/demo-shop';
import { resolveWidgetDir, widgetAssetsMiddleware } from './modules/widgets/widget-assets';
import { corsDelegate } from './modules/widgets/widget-cors';
import { WidgetOrigins } from './modules/widgets/widget-origins';

/** Routes outside `/api/v1`: operations endpoints stay where probes and scrapers expect them. */
const UNPREFIXED = ['health', 'health/ready'];

/** `/api/v1/...` for the API; shared with the OpenAPI writer so the document has the real paths. */
export function configureRouting(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: UNPREFIXED });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
}

/**
 * Builds the fully configured API application (not yet listening). `main.ts` and the
 * integration tests both use it, so tests exercise exactly what production runs.
 */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  applyHttpTimeouts(app.getHttpServer(), config);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // blob: attachments are fetched with the access token and shown from object URLs.
          'img-src': ["'self'", 'data:', 'blob:', 'https:'],
          'connect-src': ["'self'"],
          // Self-hosters often serve plain HTTP on a LAN address; upgrading would break assets.
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const corsOrigins = config.CORS_ORIGIN ? config.CORS_ORIGIN.split(',').map((o) => o.trim()) : [];
  app.enableCors(corsDelegate(corsOrigins, app.get(WidgetOrigins)));
  const demoShop = app.get(DemoShop);
  app.use(widgetAssetsMiddleware(resolveWidgetDir(), (origin) => demoShop.demoWidgetId(origin)));
  // Refuse oversize bodies before parsing them (413), and hostile ones (too deep, NUL
  // characters, broken Unicode) before parsing them too (400).
  app.use(rejectHostileUrls);
  app.use(
    json({
      limit: config.HTTP_BODY_LIMIT,
      verify: (_req, _res, raw) => {
        const problem = scanJsonText(raw.toString('utf8'));
        if (problem) throw Object.assign(new Error(problem), { status: 400, expose: true });
      },
    }),
  );

  configureRouting(app);
  app.useWebSocketAdapter(new RedisIoAdapter(app, config));
  // Nest tries filters from last to first: the specific 429 one first, then the catch-all.
  app.useGlobalFilters(
    new DependencyErrorsFilter(app.getHttpAdapter()),
    new RateLimitedFilter(app.getHttpAdapter()),
  );
  app.useGlobalPipes(new StrictValidationPipe());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Chat API',
  });

  const spaDir = resolveSpaDir(config.SPA_DIR);
  if (spaDir) app.use(spaMiddleware(spaDir));
  return app;
}
