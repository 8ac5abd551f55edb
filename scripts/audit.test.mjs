// `node --test scripts/audit.test.mjs`: the audit check blocks what it should, and only that.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { endpointFailure, evaluate, readAllowList } from './audit.mjs';

const script = join(import.meta.dirname, 'audit.mjs');

/** `npm audit --json` (npm 7+) with one advisory in `pkg`, reached directly and through `via`. */
function report(pkg, severity, ghsa = 'GHSA-abcd-efgh-ijkl', source = 1101234) {
  return {
    auditReportVersion: 2,
    vulnerabilities: {
      [pkg]: {
        name: pkg,
        severity,
        isDirect: false,
        via: [
          {
            source,
            name: pkg,
            dependency: pkg,
            title: 'Prototype pollution',
            url: `https://github.com/advisories/${ghsa}`,
            severity,
            range: '<2.0.0',
          },
        ],
        effects: ['parent'],
        range: '<2.0.0',
        nodes: [`node_modules/${pkg}`],
        fixAvailable: true,
      },
      parent: {
        name: 'parent',
        severity,
        isDirect: true,
        via: [pkg],
        effects: [],
        range: '*',
        nodes: ['node_modules/parent'],
        fixAvailable: true,
      },
    },
    metadata: { vulnerabilities: {}, dependencies: { prod: 300 } },
  };
}

const entry = (over = {}) => ({
  id: 'GHSA-abcd-efgh-ijkl',
  package: 'lib',
  reason: 'the vulnerable function is never called with input from a request',
  reviewed: '2026-12-07',
  expires: '2027-03-07',
  ...over,
});

test('an unlisted high or critical advisory blocks; the package it comes through does not count twice', () => {
  for (const severity of ['high', 'critical']) {
    const { blocking, allowed } = evaluate(report('lib', severity), []);
    assert.deepEqual(
      blocking.map((a) => [a.id, a.package, a.severity]),
      [['GHSA-abcd-efgh-ijkl', 'lib', severity]],
    );
    assert.deepEqual(allowed, []);
  }
});

test('moderate and low advisories are reported, never blocking', () => {
  const { blocking, lower } = evaluate(report('lib', 'moderate'), []);
  assert.deepEqual(blocking, []);
  assert.deepEqual(
    lower.map((a) => a.id),
    ['GHSA-abcd-efgh-ijkl'],
  );
});

test('a listed advisory is allowed only for the package the entry names; by GHSA or npm id', () => {
  assert.equal(evaluate(report('lib', 'critical'), [entry()]).blocking.length, 0);
  assert.equal(evaluate(report('lib', 'critical'), [entry({ id: '1101234' })]).blocking.length, 0);
  assert.equal(
    evaluate(report('lib', 'critical'), [entry({ package: 'other' })]).blocking.length,
    1,
  );
  assert.equal(
    evaluate(report('lib', 'critical', 'GHSA-zzzz-zzzz-zzzz', 9), [entry()]).blocking.length,
    1,
  );
});

test('entries matching no advisory any more are reported for removal', () => {
  const { unused } = evaluate({ vulnerabilities: {}, metadata: {} }, [entry()]);
  assert.deepEqual(
    unused.map((e) => e.id),
    ['GHSA-abcd-efgh-ijkl'],
  );
});

test('the allow-list needs every field, real dates, and an expiry within 180 days, not past', () => {
  assert.deepEqual(readAllowList({ advisories: [entry()] }, '2026-12-07').problems, []);
  assert.deepEqual(readAllowList({}, '2026-12-07').problems, [
    'the allow-list needs an "advisories" array',
  ]);
  assert.deepEqual(readAllowList({ advisories: [entry({ reason: ' ' })] }, '2026-12-07').problems, [
    'advisories[0] (GHSA-abcd-efgh-ijkl): "reason" is required',
  ]);
  assert.match(
    readAllowList({ advisories: [entry({ expires: '2027-12-07' })] }, '2026-12-07').problems[0],
    /1-180 days after "reviewed"/,
  );
  assert.match(
    readAllowList({ advisories: [entry({ reviewed: '7 Dec' })] }, '2026-12-07').problems[0],
    /are dates/,
  );
  assert.match(
    readAllowList({ advisories: [entry()] }, '2027-03-08').problems[0],
    /expired on 2027-03-07/,
  );
});

test('an audit endpoint that fails is told apart from a report', () => {
  assert.equal(endpointFailure(JSON.stringify(report('lib', 'high'))), null);
  assert.equal(
    endpointFailure(JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: {} })),
    null,
  );
  assert.equal(
    endpointFailure(
      JSON.stringify({
        message: '405 Method Not Allowed - POST https://registry/-/npm/v1/security/advisories/bulk',
      }),
    ),
    '405 Method Not Allowed - POST https://registry/-/npm/v1/security/advisories/bulk',
  );
  assert.match(endpointFailure(''), /no JSON/);
});

/**
 * Runs `scripts/audit.mjs` against a local registry whose audit endpoint answers `answer`
 * (status and advisories by package, in the bulk protocol npm speaks), with `allowList`.
 */
async function auditAgainst(answer, allowList, env = {}) {
  const server = createServer(async (req, res) => {
    for await (const chunk of req) void chunk;
    if (req.method === 'POST' && req.url === '/-/npm/v1/security/advisories/bulk') {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.status === 200 ? JSON.stringify(answer.advisories) : '');
    } else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  try {
    const listFile = join(dir, 'allow.json');
    writeFileSync(listFile, JSON.stringify({ advisories: allowList }));
    const registry = `--registry=http://127.0.0.1:${server.address().port}/`;
    const run = await new Promise((resolve) => {
      const child = spawn(process.execPath, [script, registry], {
        env: {
          ...process.env,
          AUDIT_ALLOWLIST: listFile,
          AUDIT_REQUIRED: '',
          // npm caches audit answers: a cache of its own per run, so each sees its server.
          npm_config_cache: join(dir, 'npm-cache'),
          ...env,
        },
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('exit', (code) => resolve({ code, output }));
    });
    return run;
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A high advisory in `pg`, a production dependency of the backend. */
const pgAdvisory = {
  status: 200,
  advisories: {
    pg: [
      {
        id: 1099999,
        url: 'https://github.com/advisories/GHSA-test-0000-0001',
        title: 'Test advisory',
        severity: 'high',
        vulnerable_versions: '<99.0.0',
        cwe: [],
        cvss: { score: 0, vectorString: null },
      },
    ],
  },
};

test('end to end through npm audit: an unlisted high advisory fails, a listed one passes', async () => {
  const blocked = await auditAgainst(pgAdvisory, []);
  assert.equal(blocked.code, 1, blocked.output);
  assert.match(blocked.output, /high\s+GHSA-test-0000-0001 pg/);
  const allowed = await auditAgainst(pgAdvisory, [
    entry({
      id: 'GHSA-test-0000-0001',
      package: 'pg',
      expires: '2099-01-01',
      reviewed: '2098-12-01',
    }),
  ]);
  assert.equal(allowed.code, 0, allowed.output);
  assert.match(allowed.output, /allowed by the reviewed list/);
});

test('end to end: no audit endpoint is a skip, or a failure with AUDIT_REQUIRED=1', async () => {
  const skipped = await auditAgainst({ status: 405 }, []);
  assert.equal(skipped.code, 0, skipped.output);
  assert.match(skipped.output, /SKIPPED: the registry's audit endpoint gave no report/);
  const required = await auditAgainst({ status: 405 }, [], { AUDIT_REQUIRED: '1' });
  assert.equal(required.code, 1, required.output);
  assert.match(required.output, /FAIL: the registry's audit endpoint/);
});
