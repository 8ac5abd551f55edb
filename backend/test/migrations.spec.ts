import { DataSource } from 'typeorm';
import { migrateWithLock } from '../src/database/migrator';
import { pendingSchemaChanges } from '../src/database/schema-drift';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { createDatabase } from './support/services';

describe('migrations', () => {
  const sources: DataSource[] = [];
  afterAll(() => Promise.all(sources.map((s) => s.destroy())));

  async function connect(url: string): Promise<DataSource> {
    const source = await new DataSource(typeOrmOptions(url, 4)).initialize();
    sources.push(source);
    return source;
  }

  it('instances starting together apply each migration exactly once (advisory lock)', async () => {
    const url = await createDatabase(process.env.DATABASE_URL!, `chat_migrate_${Date.now()}`);
    const [a, b, c] = await Promise.all([connect(url), connect(url), connect(url)]);

    const applied = await Promise.all([a, b, c].map((s) => migrateWithLock(s)));

    const all = applied.flat();
    expect(new Set(all).size).toBe(all.length);
    const expected = a.migrations.map((m) => m.name);
    expect(all.sort()).toEqual([...expected].sort());
    const rows: { name: string }[] = await a.query('SELECT name FROM migrations');
    expect(rows.map((r) => r.name).sort()).toEqual([...expected].sort());
  });

  it('leaves no drift: the entities need no schema change after all migrations', async () => {
    const url = await createDatabase(process.env.DATABASE_URL!, `chat_drift_${Date.now()}`);
    const source = await connect(url);
    await migrateWithLock(source);
    const { up } = await pendingSchemaChanges(source);
    expect(up).toEqual([]);
  });

  it('reverts the newest migration and applies it again', async () => {
    const url = await createDatabase(process.env.DATABASE_URL!, `chat_revert_${Date.now()}`);
    const source = await connect(url);
    await migrateWithLock(source);
    // Names end with their timestamp, which orders them.
    const newest = source.migrations
      .map((m) => m.name!)
      .sort((x, y) => Number(x.slice(-13)) - Number(y.slice(-13)))
      .at(-1)!;
    await source.undoLastMigration();
    const left: { name: string }[] = await source.query('SELECT name FROM migrations');
    expect(left.map((r) => r.name)).not.toContain(newest);
    expect(await migrateWithLock(source)).toEqual([newest]);
  });
});
