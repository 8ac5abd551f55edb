import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { backendDir, buildBackend, runDist } from './support/processes';
import { createDatabase, freePort, waitFor } from './support/services';

const run = (env: Record<string, string>) => runDist('main.js', env);

describe('the API process (dist/main.js)', () => {
  // The process under test is the compiled one, exactly as production runs it.
  beforeAll(buildBackend);

  it('exits 1 with one line naming a bad variable', async () => {
    const proc = run({
      PORT: 'abc',
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
    });
    expect(await proc.exit).toBe(1);
    const { stdout, stderr } = proc.output();
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT="abc": /);
  });

  it('on SIGTERM stops accepting, finishes, closes its pools and exits 0', async () => {
    const port = await freePort();
    const proc = run({
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
    });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok,
      30_000,
      'API ready',
    );

    // A request in flight: headers sent, half of its body still to come.
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    socket.write(
      'POST /api/v1/in-flight HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a"',
    );
    await sleep(100);

    const started = Date.now();
    proc.child.kill('SIGTERM');
    // New connections are refused as soon as the listener closes.
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/health`).then(
          () => false,
          () => true,
        ),
      5_000,
      'the listener to close',
    );
    expect(proc.child.exitCode).toBeNull();

    socket.write(':1}');
    await waitFor(
      () => Promise.resolve(response.includes('\r\n\r\n')),
      5_000,
      'in-flight response',
    );
    expect(response).toMatch(/^HTTP\/1\.1 404 /);
    expect(await proc.exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('dist/bin/migrate.js applies pending migrations and exits 0', async () => {
    const url = await createDatabase(process.env.DATABASE_URL!, `chat_migrate_bin_${Date.now()}`);
    const migrate = spawnSync(process.execPath, [join(backendDir, 'dist', 'bin', 'migrate.js')], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, REDIS_URL: process.env.REDIS_URL! },
      encoding: 'utf8',
    });
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/^applied migrations: Init\d+, Accounts\d+/);
    const again = spawnSync(process.execPath, [join(backendDir, 'dist', 'bin', 'migrate.js')], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, REDIS_URL: process.env.REDIS_URL! },
      encoding: 'utf8',
    });
    expect(again.stdout).toBe('schema is up to date\n');
  });
});
