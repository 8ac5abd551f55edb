#!/usr/bin/env node
// Fuzzes the built API with schemathesis against its own OpenAPI document (/docs-json): no 5xx,
// responses and status codes as documented, schema-valid requests accepted. Runs the API from
// backend/dist/main.js on DATABASE_URL / REDIS_URL (scripts/with-services.mjs provides them),
// with rate limits raised, and creates the data that operations on existing ids need.
// Usage: node scripts/with-services.mjs node scripts/schemathesis.mjs [extra `st run` options]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, root, waitUntilReady } from './lib/services.mjs';

const MAX_EXAMPLES = process.env.SCHEMATHESIS_MAX_EXAMPLES ?? '60';
const venv =
  process.env.CHAT_SCHEMATHESIS_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'chat-schemathesis');
const st = join(venv, 'venv', 'bin', 'st');
if (!existsSync(st)) {
  console.error(
    `schemathesis: SKIPPED: ${st} is missing; install it with bash scripts/install-schemathesis.sh`,
  );
  // .ci/run installs it and sets SCHEMATHESIS_REQUIRED: there a missing tool is a failure; on a
  // newcomer's machine without Python it is a skip, like the deployment tools.
  process.exit(process.env.SCHEMATHESIS_REQUIRED === '1' ? 1 : 0);
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, ['backend/dist/main.js'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP: '1000000',
    LOGIN_FAILURES_BEFORE_DELAY: '1000000',
    RATE_LIMIT_MESSAGES_PER_MINUTE: '1000000',
    RATE_LIMIT_MESSAGES_PER_DAY: '1000000',
    RATE_LIMIT_UPLOADS_PER_MINUTE: '1000000',
    UPLOADS_DIR: join(tmpdir(), `chat-fuzz-uploads-${process.pid}`),
  },
  stdio: 'inherit',
});
const apiExit = new Promise((resolve) => api.once('exit', resolve));

async function call(method, path, token, body) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

const PASSWORD = 'correct horse battery';
const register = (name) =>
  call('POST', '/auth/register', null, {
    username: `${name}_${Date.now().toString(36)}`,
    password: PASSWORD,
  });

/** Waits for the bot's reply to `after` in a direct conversation with it. */
async function botReply(token, conversationId, afterSeq) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const page = await call(
      'GET',
      `/conversations/${conversationId}/messages?afterSeq=${afterSeq}`,
      token,
    );
    const reply = page.items.find((m) => m.kind === 'bot');
    if (reply) return reply;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the bot did not reply');
}

/**
 * A group the fuzzing user owns, with an admin, a member and two members to remove, messages,
 * and a bot reply.
 */
async function createFixtures() {
  const [owner, admin, member, outsider, ...removable] = await Promise.all(
    ['fuzz_owner', 'fuzz_admin', 'fuzz_member', 'fuzz_outsider', 'fuzz_gone1', 'fuzz_gone2'].map(
      register,
    ),
  );
  const group = await call('POST', '/conversations', owner.accessToken, {
    type: 'group',
    title: 'Fuzzing',
    memberIds: [admin.user.id, member.user.id, ...removable.map((r) => r.user.id)],
  });
  await call('PATCH', `/conversations/${group.id}/members/${admin.user.id}`, owner.accessToken, {
    role: 'admin',
  });
  const send = (token, body, i) =>
    call('POST', `/conversations/${group.id}/messages`, token, {
      clientMessageId: `fixture-${i}`,
      body,
    });
  const messages = [];
  for (let i = 0; i < 6; i += 1) messages.push(await send(owner.accessToken, `hello ${i}`, i));
  const theirs = await send(member.accessToken, 'hello from a member', 'member');

  const [bot] = await call('GET', '/bots', owner.accessToken);
  const direct = await call('POST', '/conversations', owner.accessToken, {
    type: 'direct',
    userId: bot.id,
  });
  const asked = await call('POST', `/conversations/${direct.id}/messages`, owner.accessToken, {
    clientMessageId: 'fixture-bot',
    body: 'hello',
  });
  const reply = await botReply(owner.accessToken, direct.id, asked.seq);
  return {
    token: owner.accessToken,
    fixtures: {
      conversationId: group.id,
      // Never the owner (the token's user): removing them is leaving, which ends the run's access.
      memberIds: [admin.user.id, member.user.id],
      removableIds: removable.map((r) => r.user.id),
      callerId: owner.user.id,
      userIds: [admin.user.id, member.user.id, outsider.user.id, bot.id],
      messageIds: [...messages.slice(0, 3).map((m) => m.id), theirs.id],
      deletableMessageIds: messages.slice(3).map((m) => m.id),
      botReplyId: reply.id,
      login: { username: outsider.user.username, password: PASSWORD },
    },
  };
}

let code = 1;
const dir = mkdtempSync(join(tmpdir(), 'chat-fuzz-'));
try {
  if (!(await waitUntilReady(base, { alive: () => api.exitCode === null })))
    throw new Error('the API did not become ready');
  const { token, fixtures } = await createFixtures();
  const fixturesFile = join(dir, 'fixtures.json');
  writeFileSync(fixturesFile, JSON.stringify(fixtures));
  const args = [
    '--config-file',
    join(root, 'scripts/schemathesis/schemathesis.toml'),
    'run',
    `${base}/docs-json`,
    '--url',
    base,
    '--header',
    `Authorization: Bearer ${token}`,
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--max-examples',
    MAX_EXAMPLES,
    // One worker: hypothesis's lambda introspection is not thread-safe on Python 3.11.
    '--workers',
    '1',
    '--seed',
    process.env.SCHEMATHESIS_SEED ?? '1',
    '--no-color',
    ...process.argv.slice(2),
  ];
  const fuzz = spawn(st, args, {
    cwd: dir,
    env: {
      ...process.env,
      CHAT_FUZZ_FIXTURES: fixturesFile,
      PYTHONPATH: join(root, 'scripts/schemathesis'),
      SCHEMATHESIS_HOOKS: 'hooks',
      // Keep the checkout free of __pycache__ folders.
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: 'inherit',
  });
  code = await new Promise((resolve) => fuzz.once('exit', (c) => resolve(c ?? 1)));
} catch (error) {
  console.error(`schemathesis: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  api.kill('SIGTERM');
  await apiExit;
}
process.exit(code);
