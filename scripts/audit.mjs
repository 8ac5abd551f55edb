#!/usr/bin/env node
// `npm run audit`: known vulnerabilities in the production dependencies (`npm audit --omit=dev`)
// against the reviewed allow-list `.audit-allowlist.json`. Fails on any high or critical
// advisory not on the list, on an allow-list entry past its expiry, and on a malformed list;
// lower severities and entries that no longer match are printed for the next review.
// Extra arguments go to `npm audit` (e.g. --registry); AUDIT_ALLOWLIST names another list file.
// When the registry offers no audit endpoint (a mirror answering 405, no network) the check is
// skipped with a warning, unless AUDIT_REQUIRED=1 (GitHub's CI), where that is a failure.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BLOCKING = new Set(['high', 'critical']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An exception is reviewed again at least this often. */
export const MAX_ALLOW_DAYS = 180;

/** The allow-list's problems (strings) and its entries; `today` as YYYY-MM-DD. */
export function readAllowList(json, today) {
  const problems = [];
  const entries = Array.isArray(json?.advisories) ? json.advisories : null;
  if (!entries) return { problems: ['the allow-list needs an "advisories" array'], entries: [] };
  entries.forEach((e, i) => {
    const where = `advisories[${i}]${e?.id ? ` (${e.id})` : ''}`;
    for (const field of ['id', 'package', 'reason', 'reviewed', 'expires']) {
      if (typeof e?.[field] !== 'string' || e[field].trim() === '')
        problems.push(`${where}: "${field}" is required`);
    }
    if (typeof e?.reviewed !== 'string' || typeof e?.expires !== 'string') return;
    if (!DATE.test(e.reviewed) || !DATE.test(e.expires)) {
      problems.push(`${where}: "reviewed" and "expires" are dates (YYYY-MM-DD)`);
      return;
    }
    const days = (Date.parse(e.expires) - Date.parse(e.reviewed)) / 86_400_000;
    if (days <= 0 || days > MAX_ALLOW_DAYS)
      problems.push(`${where}: "expires" must be 1-${MAX_ALLOW_DAYS} days after "reviewed"`);
    if (e.expires < today) problems.push(`${where}: expired on ${e.expires}: review it again`);
  });
  return { problems, entries };
}

/** The advisory's GHSA id (from its URL) or else npm's numeric id, as a string. */
const advisoryId = (via) => /GHSA(-[0-9a-z]{4}){3}/i.exec(via.url ?? '')?.[0] ?? String(via.source);

/**
 * Advisories from `npm audit --json` (npm 7+): one per advisory and vulnerable package, from
 * the `via` entries that are advisories (the others name the dependency they come through).
 */
export function advisories(report) {
  const found = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object') continue;
      const id = advisoryId(via);
      const pkg = via.name ?? vulnerability.name;
      found.set(`${id} ${pkg}`, {
        id,
        source: String(via.source ?? ''),
        package: pkg,
        severity: via.severity,
        title: via.title,
        url: via.url,
        range: via.range,
      });
    }
  }
  return [...found.values()];
}

/** The verdict: blocking advisories, allowed ones, lower ones, and entries matching nothing. */
export function evaluate(report, entries) {
  const listed = (a) =>
    entries.find((e) => (e.id === a.id || e.id === a.source) && e.package === a.package);
  const all = advisories(report);
  const blocking = all.filter((a) => BLOCKING.has(a.severity) && !listed(a));
  const allowed = all.filter((a) => listed(a));
  const lower = all.filter((a) => !BLOCKING.has(a.severity) && !listed(a));
  const unused = entries.filter((e) => !all.some((a) => listed(a) === e));
  return { blocking, allowed, lower, unused };
}

/** Why `npm audit`'s output is not a report (the endpoint failed), or null when it is one. */
export function endpointFailure(stdout) {
  let json;
  try {
    json = JSON.parse(stdout);
  } catch {
    return `npm audit printed no JSON: ${stdout.trim().slice(0, 200) || '(nothing)'}`;
  }
  if (json.vulnerabilities && json.metadata) return null;
  return json.message ?? json.error?.summary ?? 'npm audit answered without a report';
}

const line = (a) => `  ${a.severity.padEnd(8)} ${a.id} ${a.package} ${a.range ?? ''}: ${a.title}`;

function main() {
  const root = new URL('..', import.meta.url).pathname;
  const today = new Date().toISOString().slice(0, 10);
  const listFile = process.env.AUDIT_ALLOWLIST ?? join(root, '.audit-allowlist.json');
  const { problems, entries } = readAllowList(JSON.parse(readFileSync(listFile, 'utf8')), today);
  for (const p of problems) console.error(`allow-list: ${p}`);

  const run = spawnSync('npm', ['audit', '--omit=dev', '--json', ...process.argv.slice(2)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const failure = endpointFailure(run.stdout ?? '');
  if (failure) {
    const required = process.env.AUDIT_REQUIRED === '1';
    console.error(
      `${required ? 'FAIL' : 'SKIPPED'}: the registry's audit endpoint gave no report (${failure}).` +
        (required ? '' : ' Set AUDIT_REQUIRED=1 to make this a failure (GitHub CI does).'),
    );
    return required || problems.length ? 1 : 0;
  }
  const { blocking, allowed, lower, unused } = evaluate(JSON.parse(run.stdout), entries);
  const deps = JSON.parse(run.stdout).metadata?.dependencies?.prod ?? '?';
  console.log(`npm audit: ${deps} production dependencies`);
  if (allowed.length) console.log(`allowed by the reviewed list:\n${allowed.map(line).join('\n')}`);
  if (lower.length) console.log(`below high (not blocking):\n${lower.map(line).join('\n')}`);
  for (const e of unused)
    console.log(`allow-list: ${e.id} (${e.package}) matches nothing now: remove it`);
  if (blocking.length) {
    console.error(
      `high or critical advisories not on .audit-allowlist.json:\n${blocking.map(line).join('\n')}\n` +
        'Update the package, or review the advisory and add it to the list (docs/security.md#supply-chain).',
    );
  }
  const ok = blocking.length === 0 && problems.length === 0;
  console.log(ok ? 'audit: ok' : 'audit: FAIL');
  return ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
