// Proves the import boundaries of eslint.config.mjs: each rule refuses a fixture that breaks it
// and accepts its allowed twin. Run by `npm run lint -w frontend`, after ESLint itself.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { boundaryRules } from '../eslint.config.mjs';

const frontend = join(import.meta.dirname, '..');
const parser = { languageOptions: { parser: tseslint.parser } };

/** The rule ids ESLint reports for `code` as if it were the file at `filePath`. */
async function ruleIds(cwd, filePath, code) {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], ...parser, ...boundaryRules }],
  });
  const [result] = await eslint.lintText(code, { filePath: join(cwd, filePath) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

// Fixtures import real files; only the importing file is imaginary.
const cases = [
  {
    name: 'core imports a feature',
    file: 'src/app/core/fixture.ts',
    code: "export * from '../features/chat/chat.routes';",
    expect: ['import-x/no-restricted-paths'],
  },
  {
    name: 'shared imports a feature',
    file: 'src/app/shared/ui/fixture.ts',
    code: "export * from '../../features/auth/auth.routes';",
    expect: ['import-x/no-restricted-paths'],
  },
  {
    name: "a feature reaches into another's subfolder",
    file: 'src/app/features/status/pages/fixture.ts',
    code: "export * from '../../chat/data-access/outbox/outbox';",
    expect: ['import-x/no-restricted-paths'],
  },
  {
    name: "the app shell reaches into a feature's subfolder",
    file: 'src/app/fixture.ts',
    code: "export * from './features/profile/profile-dialog/profile-dialog';",
    expect: ['import-x/no-restricted-paths'],
  },
  {
    name: "a feature uses another's public file (allowed)",
    file: 'src/app/features/status/pages/fixture.ts',
    code: "export * from '../../chat/outbox';",
    expect: [],
  },
  {
    name: 'a feature uses its own subfolders (allowed)',
    file: 'src/app/features/chat/pages/fixture.ts',
    code: "export * from '../data-access/outbox/outbox';",
    expect: [],
  },
  {
    name: 'a feature uses core (allowed)',
    file: 'src/app/features/chat/pages/fixture.ts',
    code: "export * from '../../../core/icons/icon-names';",
    expect: [],
  },
];

let failed = 0;
for (const c of cases) {
  const got = await ruleIds(frontend, c.file, c.code);
  const ok = JSON.stringify(got) === JSON.stringify(c.expect);
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.name}${ok ? '' : `: expected ${c.expect}, got ${got}`}`);
}

// A cycle needs both files on disk: two modules that import each other.
const dir = mkdtempSync(join(tmpdir(), 'lint-cycle-'));
try {
  writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
  writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
  const got = await ruleIds(dir, 'a.ts', "import { b } from './b';\nexport const a = () => b;\n");
  const ok = got.includes('import-x/no-cycle');
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} two files import each other${ok ? '' : `: got ${got}`}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

assert.equal(failed, 0, `${failed} boundary check(s) did not behave as expected`);
