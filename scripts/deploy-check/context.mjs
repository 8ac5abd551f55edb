// What every deployment check shares: the paths, the temporary folder, the tools found (PATH or
// scripts/install-deploy-tools.sh's folder), and how to run one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { root } from '../lib/services.mjs';
import { skip } from './runner.mjs';

export { root };
export const chart = join(root, 'helm', 'chat');
const toolsDir =
  process.env.CHAT_DEPLOY_TOOLS_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'chat-deploy-tools');
export const schemaRoot = join(toolsDir, 'kubernetes-json-schema');
/** Tools that must not be skipped (DEPLOY_CHECK_REQUIRE). */
export const required = new Set(
  (process.env.DEPLOY_CHECK_REQUIRE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
export const work = mkdtempSync(join(tmpdir(), 'deploy-check-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function which(tool) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), join(toolsDir, 'bin')];
  for (const dir of dirs) {
    const file = join(dir, tool);
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...options.env },
  });
  if (result.error) throw result.error;
  return { code: result.status, out: result.stdout ?? '', err: result.stderr ?? '' };
}

export const tools = {
  helm: which('helm'),
  kubeconform: which('kubeconform'),
  'docker-compose': which('docker-compose'),
  hadolint: which('hadolint'),
  actionlint: which('actionlint'),
  nginx: which('nginx') ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : null),
};
// `docker compose` (v2 plugin) validates too, when there is one.
if (which('docker') && run('docker', ['compose', 'version']).code === 0)
  tools['docker compose'] = which('docker');

/** A skip for a missing tool, or an error when DEPLOY_CHECK_REQUIRE names it. */
export function missing(tool, how) {
  if (required.has(tool))
    throw new Error(`${tool} is required (DEPLOY_CHECK_REQUIRE) but not found: ${how}`);
  return skip(`${tool} not found (${how})`);
}
export const INSTALL_HINT = 'scripts/install-deploy-tools.sh';
