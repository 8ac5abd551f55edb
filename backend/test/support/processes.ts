import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const backendDir = join(__dirname, '..', '..');

/** Written after a build: the newest source time it compiled, so other suites can skip it. */
const STAMP = join(backendDir, 'dist', '.built-from');

/** The newest modification time under src/ (the code and the SQL files the build copies). */
function newestSource(dir = join(backendDir, 'src')): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Compiles the backend unless dist/ already holds a build of the current sources (another
 * suite's, or `npm test`'s build step): processes under test run exactly what ships.
 */
export function buildBackend(): void {
  const sources = newestSource();
  if (existsSync(STAMP) && Number(readFileSync(STAMP, 'utf8')) >= sources) return;
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: backendDir, encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`build failed:\n${tsc.stdout}${tsc.stderr}`);
  // What `npm run build` does after tsc: the SQL files the migrations load.
  const copy = spawnSync(process.execPath, ['scripts/copy-sql.mjs'], {
    cwd: backendDir,
    encoding: 'utf8',
  });
  if (copy.status !== 0) throw new Error(`copying the SQL files failed:\n${copy.stderr}`);
  writeFileSync(STAMP, String(sources));
}

export interface NodeProcess {
  child: ChildProcess;
  exit: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/** Runs `dist/<script>` with only the given environment (plus PATH). */
export function runDist(
  script: 'main.js' | 'worker.js' | 'cli.js',
  env: Record<string, string>,
  args: string[] = [],
): NodeProcess {
  const child = spawn(process.execPath, [join(backendDir, 'dist', script), ...args], {
    cwd: backendDir,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      // The run's secret (scripts/with-services.mjs), so tokens work across every process.
      JWT_SECRET: process.env.JWT_SECRET ?? '',
      // Several API processes share this host: each takes a free metrics port unless told.
      METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exit, output: () => ({ stdout, stderr }) };
}
