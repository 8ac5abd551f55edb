import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { taggedPg } from './tagged-pg';

/** One place for the TypeORM options shared by the app and the migration CLI. */
export function typeOrmOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', 'modules', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5_000 },
    // Failures to get a connection are tagged where they happen (see tagged-pg.ts).
    driver: taggedPg,
  };
}
