// The run's results: the figures as JSON lines and a markdown table on stdout, and
// artillery/results/latest[-quick][-only-<figures>].{json,md}, with the run's circumstances.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { backendRequire } from '../../scripts/lib/services.mjs';
import { formatted, LOAD_CORE, log, navigatorCores, SERVER_CORE } from './harness.mjs';
import { profileSection } from './profile.mjs';
import {
  artilleryFigure,
  compactStep,
  markdownTable,
  p1Figure,
  p2Figure,
  p3Figure,
  p9Figure,
  p4Figure,
  p5Figure,
  p6Figure,
  p10Figure,
  p6Table,
  p7Figure,
  pairsTable,
  stepsTable,
} from './report.mjs';
import { apiLog } from './stack.mjs';
import { benchDir, repoRoot, round } from './util.mjs';

/**
 * Prints and writes the results of measurements `m`; `run` says how the run went: `services`,
 * `setup` (the groups, or null), `priority`, the machine `before` it ({ busy, load }) and
 * Artillery's version. Returns the exit code: 3 when P7 failed, else 0.
 */
export async function writeResults(h, m, run) {
  const { opts, only } = h;
  const figures = [
    h.allFigures && p1Figure(m),
    m.p2 && p2Figure(m),
    m.p3 && p3Figure(m),
    (m.p2 || m.p3) && p9Figure(m),
    m.p4 && p4Figure(m),
    m.p5 && p5Figure(m),
    m.p6 && p6Figure(m),
    m.p10 && p10Figure(m),
    m.p7 && p7Figure(m),
    m.artillery && artilleryFigure('rest-smoke', m.artillery.rest, 'http.response_time'),
    m.artillery && artilleryFigure('socket-send', m.artillery.socket, 'socketio.response_time'),
  ].filter(Boolean);

  const meta = runMeta(h, run);
  const md = markdown(h, m, run.setup, meta, figures);

  const results = { meta, figures };
  Object.assign(results, messagingResults(m));
  if (m.profile || m.p3?.statements) {
    results.profile = { api: m.profile ?? null, statements: m.p3?.statements ?? null };
  }
  if (m.p6) results.p6 = m.p6.run;
  if (m.p10) results.p10 = m.p10.run;
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  // A partial run never overwrites the full results (git ignores its files).
  const base = `${opts.quick ? 'latest-quick' : 'latest'}${only ? `-only-${only.join('-')}` : ''}`;
  const jsonFile = join(resultsDir, `${base}.json`);
  const mdFile = join(resultsDir, `${base}.md`);
  writeFileSync(jsonFile, await formatted(`${JSON.stringify(results, null, 2)}\n`, jsonFile));
  const mdText = await formatted(`${md}\n`, mdFile);
  writeFileSync(mdFile, mdText);
  for (const f of figures) console.log(JSON.stringify(f));
  console.log('');
  process.stdout.write(mdText);
  log(`results written to artillery/results/${base}.json and ${base}.md`);

  const p7 = figures.find((f) => f.figure === 'P7');
  return p7 && !p7.pass ? 3 : 0;
}

/** Phases during which other processes used more than a quarter of a core. */
function disturbedPhases(h) {
  return Object.entries(h.othersCpu)
    .filter(([name, cores]) => /^P\d/.test(name) && (cores ?? 0) > 0.25)
    .map(([name, cores]) => `${name} (${cores} cores)`);
}

/** results.meta: when, what, on which machine and software, how busy, how long. */
function runMeta(h, { services, priority, before, artilleryVersion }) {
  const { opts, only } = h;
  const { busy: busyBefore, load: loadBefore } = before;
  const indicative = (busyBefore ?? 0) > 0.3 || disturbedPhases(h).length > 0;
  const commit =
    spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).stdout?.trim() || null;
  return {
    date: new Date().toISOString(),
    mode: opts.quick ? 'quick' : 'full',
    only,
    commit,
    node: process.version,
    socketIo: backendRequire('socket.io/package.json').version,
    socketIoClient: backendRequire('socket.io-client/package.json').version,
    artillery: artilleryVersion,
    cpus: navigatorCores(),
    pinning: h.pin
      ? `API and relay on CPU ${SERVER_CORE}; load generators and Artillery on CPU ${LOAD_CORE}; PostgreSQL and Redis unpinned`
      : `unavailable: ${h.pinning.reason}`,
    postgres: `${services.external.postgres ? 'DATABASE_URL (fresh database)' : 'embedded, throwaway cluster'}, ${Object.entries(
      services.settings,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
    postgresSettings: services.settings,
    redis: services.external.redis ? 'REDIS_URL' : 'spawned redis-server',
    priority: priority ?? 'normal',
    machineBusyBeforeCores: busyBefore,
    loadAverageBefore: round(loadBefore, 2),
    loadAverageAfter: round(loadavg()[0], 2),
    indicative,
    conversations: opts.conversations,
    fanout: opts.members,
    stepSeconds: opts.stepSeconds,
    p3Seconds: opts.p3Seconds,
    botRate: opts.botRate,
    botSeconds: opts.botSeconds,
    botPeople: opts.botPeople,
    botConcurrency: opts.botConcurrency,
    apiLogLines: apiLog.lines,
    timingsSeconds: { ...h.timings, total: round((Date.now() - h.runStarted) / 1000, 1) },
    otherProcessesCpuByPhase: h.othersCpu,
  };
}

/** The notes under the table: what makes the figures indicative, what else to know. */
function runNotes(h, m, meta) {
  const { only } = h;
  const busyBefore = meta.machineBusyBeforeCores;
  const disturbed = disturbedPhases(h);
  const notes = [];
  if ((busyBefore ?? 0) > 0.3)
    notes.push(
      `The machine was busy before the run (${busyBefore} of ${meta.cpus} cores in use by other processes): figures are indicative.`,
    );
  if (disturbed.length)
    notes.push(
      `Other processes on this shared machine used CPU during ${disturbed.join(', ')}: figures are indicative.`,
    );
  if (!h.pin) notes.push(`CPU pinning unavailable: ${h.pinning.reason}.`);
  if (apiLog.lines > 0)
    notes.push(`The API logged ${apiLog.lines} warning/error lines during the run.`);
  if (only) notes.push(`Only ${only.join(', ')} measured (--only).`);
  if (m.p3?.apiLoopDelayMs) {
    const d = m.p3.apiLoopDelayMs;
    notes.push(
      `The API's event-loop delay during P3${m.p4 ? ' (and P4)' : ''} (from its /metrics), p50 / p99 / max: ${d.p50} / ${d.p99} / ${d.max} ms.`,
    );
  }
  return notes;
}

/** The markdown of the results: header, figures, notes, P2 steps, P6 legs, profile. */
function markdown(h, m, setup, meta, figures) {
  const { opts, only } = h;
  const notes = runNotes(h, m, meta);
  const setupLine = [
    setup &&
      `${opts.conversations} groups of ${opts.members} registered users (one socket each), ${opts.stepSeconds} s steps.`,
    m.p2 &&
      `P2 and P9: ${opts.pairs} ABAB rounds (API ladder, then the relay's, then the durable relay's), figure = median of each side.`,
    m.p6 &&
      `P6: ${opts.botPeople} people, each in a direct conversation with sizebot, BOT_CONCURRENCY ${opts.botConcurrency}.`,
  ]
    .filter(Boolean)
    .join(' ');
  return [
    `# Benchmark ${meta.mode === 'quick' ? '(quick) ' : ''}${only ? `(only ${only.join(', ')}) ` : ''}${meta.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `commit ${meta.commit ?? '?'}, Node ${meta.node}, socket.io ${meta.socketIo}, ${meta.cpus} CPUs; ${meta.pinning}; ` +
      `${meta.priority === 'normal' ? '' : `all benchmark processes at ${meta.priority}; `}PostgreSQL ${meta.postgres}. ` +
      `${setupLine} Total ${meta.timingsSeconds.total} s.`,
    '',
    markdownTable(figures),
    '',
    ...(notes.length ? [notes.map((n) => `- ${n}`).join('\n'), ''] : []),
    ...(m.p2
      ? [
          '### P2 pairs (ABAB)',
          '',
          pairsTable(m.p2.rounds),
          '',
          '### P2 steps',
          '',
          ...m.p2.rounds.flatMap((r, i) => [
            stepsTable(`API (pair ${i + 1})`, r.api.steps),
            '',
            stepsTable(`relay (pair ${i + 1})`, r.relay.steps),
            '',
            ...(r.durable
              ? [stepsTable(`durable relay (pair ${i + 1})`, r.durable.steps), '']
              : []),
          ]),
        ]
      : []),
    ...(m.p6 ? ['### P6 (sizebot): where the time goes', '', p6Table(m.p6.run.fixed), ''] : []),
    ...profileSection(m),
  ].join('\n');
}

/** The P2, P3, P4 and Artillery parts of results/latest.json (those that ran). */
function messagingResults(m) {
  return {
    p2: m.p2 && {
      pairs: m.p2.rounds.map((r) => ({
        api: r.api.steps.map(compactStep),
        relay: r.relay.steps.map(compactStep),
        durable: r.durable?.steps.map(compactStep) ?? null,
        apiSeqCheck: r.api.seqCheck,
        relaySeqCheck: r.relay.seqCheck,
      })),
    },
    p3: m.p3 && {
      rate: m.p3.rate,
      api: { ...compactStep(m.p3.api), maxMsBySecond: m.p3.api.maxBySecond },
      relay: { ...compactStep(m.p3.relay), maxMsBySecond: m.p3.relay.maxBySecond },
      durable: m.p3.durable
        ? { ...compactStep(m.p3.durable), maxMsBySecond: m.p3.durable.maxBySecond }
        : null,
      apiSeqCheck: m.p3.apiRun.seqCheck,
    },
    p4: m.p4,
    artillery: m.artillery,
  };
}
