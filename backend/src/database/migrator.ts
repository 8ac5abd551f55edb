import type { DataSource } from 'typeorm';

/** Arbitrary but fixed: every instance of this app contends for the same lock. */
const MIGRATION_LOCK_ID = 7_245_019_331;

/**
 * Applies pending migrations while holding a Postgres advisory lock, so API instances
 * starting together apply them once and in order; the others wait, then find nothing to do.
 */
export async function migrateWithLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.release();
  }
}
