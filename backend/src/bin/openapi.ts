import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { buildOpenApiDocument, sortKeys } from '../common/openapi/document';
import { loadConfig } from '../config/app-config';
import { configureRouting } from '../create-app';

/**
 * Writes backend/openapi.json, the contract the frontend SDK is generated from. Preview mode
 * resolves the module graph without instantiating providers, so no database or Redis is needed.
 */
async function main(): Promise<void> {
  const config = loadConfig(
    { DATABASE_URL: 'postgres://unused@localhost/unused', REDIS_URL: 'redis://localhost:1' },
    { needsJwtSecret: false },
  );
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false });
  configureRouting(app);
  const document = sortKeys(buildOpenApiDocument(app));
  const target = join(__dirname, '..', '..', 'openapi.json');
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
