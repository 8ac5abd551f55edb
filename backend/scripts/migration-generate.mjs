#!/usr/bin/env node
// Writes a migration with the SQL that brings a fully migrated database to the entities' schema.
// Usage: npm run migration:generate -w backend -- AddMessages
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { DataSource } = require('typeorm');
const { typeOrmOptions } = require('../dist/database/typeorm-options.js');
const { pendingSchemaChanges } = require('../dist/database/schema-drift.js');

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('usage: npm run migration:generate -w backend -- <PascalCaseName>');
  process.exit(2);
}

const dataSource = new DataSource(typeOrmOptions(process.env.DATABASE_URL));
await dataSource.initialize();
await dataSource.runMigrations({ transaction: 'each' });
const { up, down } = await pendingSchemaChanges(dataSource);
await dataSource.destroy();

if (up.length === 0) {
  console.log('No schema changes: entities and migrations agree.');
  process.exit(0);
}
const timestamp = Date.now();
const quote = (sql) =>
  `    await queryRunner.query(\`${sql.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\`);`;
const file = join(
  import.meta.dirname,
  '..',
  'src',
  'database',
  'migrations',
  `${timestamp}-${name}.ts`,
);
writeFileSync(
  file,
  `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map(quote).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.map(quote).join('\n')}
  }
}
`,
);
console.log(`wrote ${file}`);
