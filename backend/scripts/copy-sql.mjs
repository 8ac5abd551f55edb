#!/usr/bin/env node
// tsc compiles only .ts: the SQL functions' files are copied beside the build, where the
// migrations read them (dist/database/sql).
import { cpSync } from 'node:fs';
import { join } from 'node:path';

const backend = join(import.meta.dirname, '..');
cpSync(join(backend, 'src/database/sql'), join(backend, 'dist/database/sql'), { recursive: true });
