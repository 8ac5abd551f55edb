#!/usr/bin/env node
// P4 load: the newest 50-message page of the big conversation, open loop at a fixed rate,
// through the API (REST GET with a bearer token) and, interleaved at the same rate, the same
// SQL through raw `pg` (the baseline). Latency is measured from the scheduled time.
//
// The reader holds a socket, as the app that shows the page does; an API process keeps the
// newest page in memory only for conversations its sockets are in (MessagePageCache). To
// measure that cache against the database path in the same run and under the same load, the
// window is cut into `segments` (4) alternating ones, the first without the reader's socket
// (every page read from PostgreSQL) and the next with it (from memory), ABAB; the requests
// due in the first 200 ms of a segment are left out (the socket connecting or going).
//
// Usage: node artillery/load/page.mjs <config.json>
// config: { url, token, conversationId, databaseUrl, rate, seconds, expectedLastSeq, out,
//           segments? }
import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { backendRequire } from '../../scripts/lib/services.mjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectSocket } from '../lib/load-client.mjs';
import { openLoop } from '../lib/open-loop.mjs';
import {
  checkedGet,
  cpuSeconds,
  readJson,
  round,
  summarize,
  treeCpuSeconds,
  windowMeters,
} from '../lib/util.mjs';

const pg = backendRequire('pg');
const cfg = readJson(process.argv[2]);
const log = (line) => process.stderr.write(`${line}\n`);

export const PAGE_SQL =
  'SELECT * FROM messages WHERE conversation_id = $1 ORDER BY seq DESC LIMIT 51';

const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const target = new URL(`/api/v1/conversations/${cfg.conversationId}/messages?limit=50`, cfg.url);

function getPage() {
  return checkedGet(agent, target, cfg.token, (body) => {
    if (body.items?.length !== 50) return `page of ${body.items?.length} items`;
    if (cfg.expectedLastSeq && Number(body.items[49].seq) !== cfg.expectedLastSeq)
      return `newest seq ${body.items[49].seq}`;
    return null;
  });
}

async function main() {
  const db = new pg.Pool({ connectionString: cfg.databaseUrl, max: 8 });
  const queryPage = async () => {
    const { rows } = await db.query(PAGE_SQL, [cfg.conversationId]);
    return rows.length === 51 ? null : `${rows.length} rows`;
  };
  // Warm up (connections, JIT) for a second before the clock starts.
  for (let w = 0; w < 10; w += 1) {
    await Promise.all([getPage(), getPage(), queryPage(), queryPage()]);
    await sleep(100);
  }
  const meters = windowMeters(cfg);
  meters.start();

  const rest = { lat: [], errors: 0, firstError: null };
  const uncached = { lat: [], errors: 0, firstError: null };
  const raw = { lat: [], errors: 0, firstError: null };
  const segments = cfg.segments ?? 4;
  const segmentMs = (cfg.seconds * 1000) / segments;
  const start = performance.now() + 5;
  let reader = null;
  const toggles = [];
  // CPU seconds of the API and of PostgreSQL at each segment's start (and the window's end),
  // and the requests each segment sent: what a page costs each side, with and without the
  // cache. CPU time, unlike latency, hardly moves with what other processes do.
  const pgPid = cfg.servicePids?.postgres;
  const cpuNow = () => ({
    api: cpuSeconds(cfg.serverPid),
    pg: pgPid ? treeCpuSeconds(pgPid) : null,
  });
  const marks = [];
  const sentIn = new Array(segments).fill(0);
  for (let i = 0; i < segments; i += 1) {
    const connect = i % 2 === 1;
    toggles.push(
      sleep(start + i * segmentMs - performance.now()).then(async () => {
        marks[i] = cpuNow();
        if (connect) {
          reader = await connectSocket(cfg.url, {
            auth: { token: cfg.token },
            name: 'page reader',
            onDisconnect: () => undefined,
          });
        } else if (reader) {
          reader.close();
          reader = null;
        }
      }),
    );
  }
  /** Which side a request due at `at` counts for, or null in a segment's first 200 ms. */
  const sideAt = (at) => {
    const offset = at - start;
    const segment = Math.min(segments - 1, Math.floor(offset / segmentMs));
    if (offset - segment * segmentMs < 200) return null;
    return segment % 2 === 1 ? rest : uncached;
  };
  const inFlight = [];
  const fire = (kind, sched, fn) =>
    inFlight.push(
      fn().then(
        (error) => {
          const ms = performance.now() - sched;
          if (error) {
            kind.errors += 1;
            kind.firstError ??= error;
          } else kind.lat.push(ms);
        },
        (error) => {
          kind.errors += 1;
          kind.firstError ??= error.message;
        },
      ),
    );
  await openLoop({
    rate: cfg.rate,
    seconds: cfg.seconds,
    start,
    schedules: [
      {
        onDue: (_k, scheduledAt) => {
          sentIn[Math.min(segments - 1, Math.floor((scheduledAt - start) / segmentMs))] += 1;
          const side = sideAt(scheduledAt);
          if (side) fire(side, scheduledAt, getPage);
          else getPage().catch(() => undefined);
        },
      },
      // The raw-pg baseline runs half a period out of phase with the REST requests.
      { offset: 0.5, onDue: (_k, scheduledAt) => fire(raw, scheduledAt, queryPage) },
    ],
  });
  const end = cpuNow();
  const { foreignCpu, serverCpu, servicesCpu } = meters.stop();
  await Promise.race([Promise.all(inFlight), sleep(15_000, undefined, { ref: false })]);
  await Promise.all(toggles);
  reader?.close();
  /** CPU ms per request sent in the segments of one side (odd: with the reader's socket). */
  const perPage = (odd, key) => {
    let cpu = 0;
    let sent = 0;
    for (let i = odd ? 1 : 0; i < segments; i += 2) {
      const from = marks[i]?.[key];
      const to = (marks[i + 1] ?? end)[key];
      if (from === null || from === undefined || to === null) return null;
      cpu += to - from;
      sent += sentIn[i];
    }
    return sent ? round((cpu * 1000) / sent, 3) : null;
  };
  await db.end();
  agent.destroy();
  const result = {
    rate: cfg.rate,
    seconds: cfg.seconds,
    rest: { ...summarize(rest.lat), errors: rest.errors, firstError: rest.firstError },
    restWithoutCache: {
      ...summarize(uncached.lat),
      errors: uncached.errors,
      firstError: uncached.firstError,
    },
    pg: { ...summarize(raw.lat), errors: raw.errors, firstError: raw.firstError },
    // With other load (P3) on the API, these include that load's share of each segment.
    cpuMsPerPage: {
      api: { cached: perPage(true, 'api'), uncached: perPage(false, 'api') },
      postgres: { cached: perPage(true, 'pg'), uncached: perPage(false, 'pg') },
    },
    foreignCpu,
    serverCpu,
    servicesCpu,
  };
  result.ratio = result.pg.p99 ? round(result.rest.p99 / result.pg.p99, 2) : null;
  writeFileSync(cfg.out, JSON.stringify(result));
  log(
    `  page ${cfg.label ?? ''}: REST p50/p99 ${result.rest.p50}/${result.rest.p99} ms (${rest.errors} errors), ` +
      `without the cache ${result.restWithoutCache.p50}/${result.restWithoutCache.p99} ms, ` +
      `raw pg p50/p99 ${result.pg.p50}/${result.pg.p99} ms; ` +
      `CPU ms per page with / without the cache: API ${result.cpuMsPerPage.api.cached} / ${result.cpuMsPerPage.api.uncached}, ` +
      `PostgreSQL ${result.cpuMsPerPage.postgres.cached} / ${result.cpuMsPerPage.postgres.uncached}; cpu server ${serverCpu ?? '?'}` +
      Object.entries(servicesCpu)
        .map(([name, cores]) => ` ${name} ${cores}`)
        .join('') +
      ` others ${foreignCpu ?? '?'}`,
  );
  process.exit(0);
}

main().catch((error) => {
  log(`page load failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
