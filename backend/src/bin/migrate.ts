import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { migrateWithLock } from '../database/migrator';
import { typeOrmOptions } from '../database/typeorm-options';

/**
 * Applies pending migrations and exits: the Helm pre-install/pre-upgrade Job runs this, so API
 * pods can start with DB_MIGRATE=false. Safe to run concurrently (advisory lock).
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { needsJwtSecret: false });
  // The lock is a session lock: PostgreSQL itself, never a transaction-pooling PgBouncer.
  const url = config.DATABASE_DIRECT_URL ?? config.DATABASE_URL;
  const dataSource = await new DataSource(typeOrmOptions(url, 2)).initialize();
  try {
    const applied = await migrateWithLock(dataSource);
    process.stdout.write(
      applied.length > 0 ? `applied migrations: ${applied.join(', ')}\n` : 'schema is up to date\n',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Migration failed: ${String(error)}`}\n`,
  );
  process.exit(1);
});
