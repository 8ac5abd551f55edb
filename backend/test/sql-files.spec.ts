import { readdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { migrateWithLock } from '../src/database/migrator';
import { loadsSqlFiles, readSqlFile, SQL_DIR, sqlTextHash } from '../src/database/sql-files';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { createDatabase } from './support/services';

/** Every function and trigger of the schema with its definition, as the catalog prints it. */
const CATALOG = `
  SELECT 'function ' || p.oid::regprocedure::text AS name, pg_get_functiondef(p.oid) AS def
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public' AND p.prokind = 'f'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  UNION ALL
  SELECT 'trigger ' || t.tgname, pg_get_triggerdef(t.oid)
    FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND NOT t.tgisinternal
  ORDER BY 1`;

/**
 * `src/database/sql/` holds the current text of every SQL function and trigger: the migrated
 * database must have exactly what those files say, and nothing they do not.
 */
describe('SQL functions and triggers (src/database/sql)', () => {
  let source: DataSource;
  const files = readdirSync(SQL_DIR).filter((f) => f.endsWith('.sql'));

  beforeAll(async () => {
    const url = await createDatabase(process.env.DATABASE_URL!, `chat_sql_${Date.now()}`);
    source = await new DataSource(typeOrmOptions(url, 2)).initialize();
    await migrateWithLock(source);
  });
  afterAll(() => source?.destroy());

  it('each file is the text its latest loading migration was written for', () => {
    const loaders = source.migrations
      .filter(loadsSqlFiles)
      .sort((a, b) => Number(a.name!.slice(-13)) - Number(b.name!.slice(-13)));
    for (const file of files) {
      const latest = loaders.filter((m) => file in m.sqlFiles).at(-1);
      const hash = sqlTextHash(readSqlFile(file));
      // Failing here: the file changed with no migration to load it. Add one that lists the
      // file with this hash (see SqlFunctionsFromFiles1796600000000).
      expect({ file, loadedBy: latest?.name, hash: latest?.sqlFiles[file] }).toEqual({
        file,
        loadedBy: latest?.name ?? 'a migration',
        hash,
      });
    }
  });

  it('the migrated database has exactly the functions and triggers the files define', async () => {
    const migrated: { name: string; def: string }[] = await source.query(CATALOG);
    expect(migrated.length).toBeGreaterThan(0);
    const runner = source.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // From nothing, the files alone must rebuild what the migrations left.
      for (const { name } of migrated.filter((row) => row.name.startsWith('function '))) {
        await runner.query(`DROP FUNCTION ${name.slice('function '.length)} CASCADE`);
      }
      expect(await runner.query(CATALOG)).toEqual([]);
      for (const file of files) await runner.query(readSqlFile(file));
      expect(await runner.query(CATALOG)).toEqual(migrated);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
