import { waitUntilReady } from '../../../scripts/lib/services.mjs';
import { type NodeProcess, runDist } from './processes';
import { freePort } from './services';

export interface ApiProcess extends NodeProcess {
  url: string;
  /** Resolves with the signal that ended the process, or null when it exited by itself. */
  signal: Promise<NodeJS.Signals | null>;
  stop(): Promise<void>;
}

/**
 * Starts `dist/main.js` (call buildBackend() first) on a free loopback port and waits until
 * /health/ready answers 200. Limits are raised: these processes carry test load.
 */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const proc = runDist('main.js', {
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    METRICS_PORT: '0',
    BOTS: 'none',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP: '1000000',
    RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
    RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  const signal = new Promise<NodeJS.Signals | null>((resolve) =>
    proc.child.once('exit', (_code, s) => resolve(s)),
  );
  const ready = await waitUntilReady(url, {
    timeoutMs: 30_000,
    intervalMs: 100,
    alive: () => running(proc),
  });
  if (!ready && !running(proc)) {
    const code = await proc.exit;
    throw new Error(`the API exited at startup (${code}): ${proc.output().stderr.slice(-800)}`);
  }
  if (!ready) throw new Error('timed out waiting for API ready');
  return {
    ...proc,
    url,
    signal,
    stop: async () => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
      proc.child.kill('SIGTERM');
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), 15_000);
      await proc.exit;
      clearTimeout(timer);
    },
  };
}

/** True while the process runs: neither exited nor killed. */
export const running = (p: NodeProcess): boolean =>
  p.child.exitCode === null && p.child.signalCode === null;
