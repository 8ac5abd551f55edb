// --profile: the statements PostgreSQL spent its time on and the API's CPU profile, as data and
// as markdown tables.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from './stack.mjs';
import { round } from './util.mjs';

/** --profile: forgets the statements so far (P3 and P4 start the count). */
export async function resetStatements(databaseUrl) {
  await sql(databaseUrl, 'SELECT pg_stat_statements_reset()');
}

/** --profile: the statements PostgreSQL spent its time on since the last reset. */
export async function topStatements(databaseUrl) {
  const rows = await sql(
    databaseUrl,
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::int,
            round(total_exec_time::numeric, 1)::float AS "totalMs",
            round(mean_exec_time::numeric, 3)::float AS "meanMs",
            round(max_exec_time::numeric, 1)::float AS "maxMs", rows::int
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC LIMIT 12`,
  );
  return rows.map((r) => ({ ...r, query: r.query.slice(0, 160) }));
}

/** --profile: self time of the API's CPU profile, by package and by function, busy time only. */
export function summariseProfile(dir) {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (files.length === 0) return null;
  const profile = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const idle = new Set(['(idle)', '(program)']);
  const byPackage = new Map();
  const byFunction = new Map();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    if (idle.has(frame.functionName)) return;
    const us = profile.timeDeltas[i] ?? 0;
    busy += us;
    const url = frame.url ?? '';
    const pkg = url.includes('node_modules/')
      ? url
          .split('node_modules/')
          .at(-1)
          .split('/')
          .slice(0, url.includes('node_modules/@') ? 2 : 1)
          .join('/')
      : url.includes('/backend/dist/')
        ? `app: ${url.split('/backend/dist/')[1]}`
        : url
          ? 'node'
          : '(native)';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} (${pkg})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  });
  const top = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => ({ name, ms: round(us / 1000, 0), share: round(us / busy, 3) }));
  return { busyMs: round(busy / 1000, 0), byPackage: top(byPackage), byFunction: top(byFunction) };
}

/** --profile: where the time went, as tables. */
export function profileSection(m) {
  const lines = [];
  if (m.p3?.statements) {
    lines.push(
      '### Profile: PostgreSQL statements during P3 and P4 (pg_stat_statements, by total time)',
      '',
      '| statement | calls | total ms | mean ms | max ms | rows |',
      '| --- | --- | --- | --- | --- | --- |',
      ...m.p3.statements.map(
        (s) =>
          `| \`${s.query.replaceAll('|', '\\|').replaceAll('`', "'")}\` | ${s.calls} | ${s.totalMs} | ${s.meanMs} | ${s.maxMs} | ${s.rows} |`,
      ),
      '',
    );
  }
  if (m.profile) {
    lines.push(
      `### Profile: the API's CPU (V8 profile of the first API process, whole run; ${m.profile.busyMs} ms busy)`,
      '',
      '| package | self ms | share of busy |',
      '| --- | --- | --- |',
      ...m.profile.byPackage.map((r) => `| ${r.name} | ${r.ms} | ${r.share} |`),
      '',
      '| function | self ms | share of busy |',
      '| --- | --- | --- |',
      ...m.profile.byFunction.map(
        (r) => `| ${r.name.replaceAll('|', '\\|')} | ${r.ms} | ${r.share} |`,
      ),
      '',
    );
  }
  return lines;
}
