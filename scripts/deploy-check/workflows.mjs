// The GitHub Actions workflows (CI and release) through actionlint: syntax, expressions,
// action inputs and the shell scripts of `run:` steps (with shellcheck when it is installed).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_HINT, missing, root, run, tools } from './context.mjs';

export function actionlint() {
  if (!tools.actionlint) return missing('actionlint', INSTALL_HINT);
  const dir = join(root, '.github', 'workflows');
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f));
  const r = run(tools.actionlint, ['-no-color', ...files]);
  if (r.code !== 0) return [(r.out + r.err).trim()];
  process.stdout.write(`     ${files.length} workflows\n`);
  return [];
}
