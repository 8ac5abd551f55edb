// Turns the measurements of one run into the figures of DESIGN.md section 8: one JSON object
// per figure, a markdown table, and the small files under artillery/results/.

const fmt = (v, unit = '') =>
  v === null || v === undefined || Number.isNaN(v) ? 'n/a' : `${v}${unit}`;
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const ratio = (a, b) => (num(a) !== null && num(b) ? Number((a / b).toFixed(2)) : null);

/** Highest step that passed (0 when none did). */
export function capacity(steps) {
  return steps.filter((s) => s.pass).reduce((best, s) => Math.max(best, s.rate), 0);
}

export function p1Figure(m) {
  if (!m.p1) {
    return {
      figure: 'P1',
      measured: false,
      ours: null,
      baseline: null,
      ratio: null,
      target:
        '>= 10,000 sockets held 10 min; memory/socket <= 1.5x relay; 0 unexpected disconnects',
      pass: null,
      note: 'not measured: off by default, run `npm run bench -- --p1` (10,000 sockets for 10 minutes)',
    };
  }
  const { api, relay, sockets, minutes } = m.p1;
  const held = api.stillConnected;
  const memRatio = ratio(api.bytesPerSocket, relay.bytesPerSocket);
  const pass =
    held >= 10_000 &&
    api.disconnects === 0 &&
    api.connectErrors === 0 &&
    memRatio !== null &&
    memRatio <= 1.5;
  return {
    figure: 'P1',
    measured: true,
    ours: { socketsHeld: held, bytesPerSocket: api.bytesPerSocket, disconnects: api.disconnects },
    baseline: { bytesPerSocket: relay.bytesPerSocket, socketsHeld: relay.stillConnected },
    ratio: memRatio,
    target: '>= 10,000 sockets held 10 min; memory/socket <= 1.5x relay; 0 unexpected disconnects',
    pass,
    requestedSockets: sockets,
    minutes,
    api,
    relay,
    ...(sockets < 10_000 || minutes < 10
      ? { note: `run with ${sockets} sockets for ${minutes} min (the target needs 10,000 for 10)` }
      : {}),
  };
}

/** The middle value (the lower of the two middle ones for an even count: no invented rate). */
export function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
}

const spreadOf = (values) => ({
  min: Math.min(...values),
  median: median(values),
  max: Math.max(...values),
  pairs: values,
});

/**
 * P2 over the ABAB pairs: each side's figure is the median of its pairs' capacities, and the
 * spread (min, max, every pair, and the ratio within each pair) is reported with it, so one
 * noisy ladder cannot decide the figure unseen.
 */
export function p2Figure(m) {
  const { rounds } = m.p2;
  const apiCaps = rounds.map((r) => capacity(r.api.steps));
  const relayCaps = rounds.map((r) => capacity(r.relay.steps));
  const ours = median(apiCaps);
  const baseline = median(relayCaps);
  const required = Math.max(0.5 * baseline, 1_000);
  const pairRatios = rounds.map((_, i) => ratio(apiCaps[i], relayCaps[i]));
  const notes = [];
  const relayTopped = rounds.filter((r) => r.relay.steps.at(-1)?.pass === true).length;
  if (relayTopped)
    notes.push(
      `relay passed every step in ${relayTopped} of ${rounds.length} pairs: its capacity is at least the top step`,
    );
  const saturated = rounds
    .map((r) => r.relay.steps.find((s) => !s.pass))
    .filter((s) => (s?.loadgenCpu ?? 0) >= 0.9);
  if (saturated.length)
    notes.push(
      `the load generator was saturated too when the relay failed (${saturated.map((s) => `${s.loadgenCpu} of its core at ${s.rate} msg/s`).join(', ')}): the relay's capacity is a lower bound`,
    );
  const failedFromStart = rounds.flatMap((r, i) =>
    ['api', 'relay']
      .filter((t) => r[t].firstRate > (m.p2.lowestRate ?? 0) && capacity(r[t].steps) === 0)
      .map((t) => `${t} pair ${i + 1} failed from its first step (${r[t].firstRate} msg/s)`),
  );
  if (failedFromStart.length) notes.push(failedFromStart.join('; '));
  return {
    figure: 'P2',
    ours,
    baseline,
    ratio: ratio(ours, baseline),
    target:
      '>= 0.5x relay capacity and >= 1,000 msg/s (fan-out 10, p99 to last member <= 100 ms, 0 loss, errors < 0.025%)',
    required,
    pass: ours >= required,
    unit: 'msg/s',
    method: `ABAB: ${rounds.length} pairs (API ladder, then relay ladder); figures are medians`,
    spread: {
      ours: spreadOf(apiCaps),
      baseline: spreadOf(relayCaps),
      ratio: {
        min: Math.min(...pairRatios.filter((r) => r !== null)),
        max: Math.max(...pairRatios.filter((r) => r !== null)),
        pairs: pairRatios,
      },
    },
    fanout: m.fanout,
    stepSeconds: m.stepSeconds,
    threadShare: m.threadShare,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/**
 * One row per ABAB pair: each side's capacity, their ratio, and who else used the CPU; with
 * the durable relay's ladder (P9) when it ran.
 */
export function pairsTable(rounds) {
  const othersMax = (steps) =>
    steps.reduce((a, s) => (s.foreignCpu === null ? a : Math.max(a, s.foreignCpu)), 0);
  const durable = rounds.every((r) => r.durable);
  const rows = durable
    ? [
        '| pair | API msg/s | relay msg/s | ratio | durable relay msg/s | ratio (P9) | others CPU max (API / relay / durable ladder) |',
        '| --- | --- | --- | --- | --- | --- | --- |',
      ]
    : [
        '| pair | API msg/s | relay msg/s | ratio | others CPU max (API / relay ladder) |',
        '| --- | --- | --- | --- | --- |',
      ];
  rounds.forEach((r, i) => {
    const a = capacity(r.api.steps);
    const b = capacity(r.relay.steps);
    const d = durable ? capacity(r.durable.steps) : null;
    const others = [r.api, r.relay, ...(durable ? [r.durable] : [])]
      .map((x) => othersMax(x.steps))
      .join(' / ');
    rows.push(
      durable
        ? `| ${i + 1} | ${a} | ${b} | ${fmt(ratio(a, b))} | ${d} | ${fmt(ratio(a, d))} | ${others} |`
        : `| ${i + 1} | ${a} | ${b} | ${fmt(ratio(a, b))} | ${others} |`,
    );
  });
  return rows.join('\n');
}

/**
 * P9, the durable limit: our P2 capacity against the durable relay's (the bare relay plus a
 * group-committed insert into a one-index table, same PostgreSQL), pair by pair as for P2, and
 * P3's delivery p99 against the durable relay's at the same rate.
 */
export function p9Figure(m) {
  const rounds = m.p2?.rounds.filter((r) => r.durable) ?? [];
  const apiCaps = rounds.map((r) => capacity(r.api.steps));
  const durableCaps = rounds.map((r) => capacity(r.durable.steps));
  const ours = rounds.length ? median(apiCaps) : null;
  const baseline = rounds.length ? median(durableCaps) : null;
  const pairRatios = rounds.map((_, i) => ratio(apiCaps[i], durableCaps[i]));
  const deliveryP99 = num(m.p3?.api?.delivery.p99);
  const durableP99 = num(m.p3?.durable?.delivery.p99);
  const capacityRatio = ratio(ours, baseline);
  const latencyRatio = ratio(deliveryP99, durableP99);
  const measured = capacityRatio !== null || latencyRatio !== null;
  return {
    figure: 'P9',
    ours: { capacity: ours, deliveryP99Ms: deliveryP99 },
    baseline: {
      durableCapacity: baseline,
      durableDeliveryP99Ms: durableP99,
      durableAckP99Ms: num(m.p3?.durable?.ack.p99),
    },
    ratio: capacityRatio,
    latencyRatio,
    target: 'P2 >= 0.7x the durable relay capacity; P3 delivery p99 <= 1.5x its p99',
    pass: measured
      ? (capacityRatio === null || capacityRatio >= 0.7) &&
        (latencyRatio === null || latencyRatio <= 1.5)
      : null,
    method: `ABAB: ${rounds.length} rounds (API ladder, relay ladder, durable relay ladder); capacities are medians`,
    ...(rounds.length
      ? {
          spread: {
            ours: spreadOf(apiCaps),
            baseline: spreadOf(durableCaps),
            ratio: {
              min: Math.min(...pairRatios.filter((r) => r !== null)),
              max: Math.max(...pairRatios.filter((r) => r !== null)),
              pairs: pairRatios,
            },
          },
        }
      : {}),
    ...(m.p3?.durable ? { p3Rate: m.p3.rate } : {}),
  };
}

export function p3Figure(m) {
  const ours = m.p3.api;
  const relay = m.p3.relay;
  const deliveryP99 = num(ours.delivery.p99);
  const ackP99 = num(ours.ack.p99);
  const relayP99 = num(relay.delivery.p99);
  const limit = relayP99 !== null ? Math.max(2 * relayP99, 30) : 30;
  const clean = ours.lost === 0 && ours.errors === 0;
  return {
    figure: 'P3',
    ours: { deliveryP99Ms: deliveryP99, ackP99Ms: ackP99, deliveryP50Ms: ours.delivery.p50 },
    baseline: { relayDeliveryP99Ms: relayP99, relayAckP99Ms: relay.ack.p99 },
    ratio: ratio(deliveryP99, relayP99),
    target: 'delivery p99 <= max(2x relay p99, 30 ms); ack p99 <= 50 ms',
    limitMs: Number(limit.toFixed(2)),
    pass: deliveryP99 !== null && deliveryP99 <= limit && ackP99 !== null && ackP99 <= 50 && clean,
    rate: m.p3.rate,
    lost: ours.lost,
    errors: ours.errors,
    otherProcessesCpu: ours.foreignCpu,
    apiEventLoopDelayMs: m.p3.apiLoopDelayMs ?? null,
    ...(m.p3.rateNote ? { note: m.p3.rateNote } : {}),
  };
}

export function p4Figure(m) {
  const load = m.p4.load;
  const ours = num(load.rest.p99);
  const baseline = num(load.pg.p99);
  return {
    figure: 'P4',
    ours: {
      p99Ms: ours,
      p50Ms: load.rest.p50,
      errors: load.rest.errors,
      withoutCacheP99Ms: load.restWithoutCache?.p99 ?? null,
      withoutCacheP50Ms: load.restWithoutCache?.p50 ?? null,
    },
    baseline: { rawPgP99Ms: baseline, rawPgP50Ms: load.pg.p50 },
    ratio: ratio(ours, baseline),
    target: `p99 <= 10 ms and <= 1.5x raw pg p99 (newest 50 of ${m.p4.messages.toLocaleString('en')}, ${load.rate} req/s, during P3)`,
    pass:
      ours !== null &&
      ours <= 10 &&
      baseline !== null &&
      ours <= 1.5 * baseline &&
      load.rest.errors === 0,
    messages: m.p4.messages,
    rate: load.rate,
    otherProcessesCpu: load.foreignCpu,
    apiEventLoopDelayMs: m.p3.apiLoopDelayMs ?? null,
    cpuMsPerPage: load.cpuMsPerPage ?? null,
    idle: m.p4.idle
      ? {
          cpuMsPerPage: m.p4.idle.cpuMsPerPage ?? null,
          restP99Ms: m.p4.idle.rest.p99,
          restWithoutCacheP99Ms: m.p4.idle.restWithoutCache?.p99 ?? null,
          rawPgP99Ms: m.p4.idle.pg.p99,
        }
      : null,
    method:
      'the reader holds a socket (the page is kept in memory) in alternate quarters of the window, ABAB with quarters without it (read from PostgreSQL); p99Ms is with it',
    ...(m.p4.messages < 1_000_000
      ? { note: `seeded ${m.p4.messages} messages, not 1,000,000` }
      : {}),
  };
}

export function p5Figure(m) {
  const r = m.p5;
  const ours = num(r.all.p99);
  return {
    figure: 'P5',
    ours: { p99Ms: ours, p50Ms: r.all.p50, errors: r.all.errors },
    baseline: null,
    ratio: null,
    target: `full-text search p99 <= 100 ms (${r.messages.toLocaleString('en')} messages, ${r.rate} req/s, frequent/rare/prefix/phrase queries)`,
    pass: ours !== null && ours <= 100 && r.all.errors === 0,
    kinds: Object.fromEntries(
      Object.entries(r.kinds).map(([k, v]) => [k, { p50Ms: v.p50, p99Ms: v.p99 }]),
    ),
    otherProcessesCpu: r.foreignCpu,
    ...(r.all.firstError ? { firstError: r.all.firstError } : {}),
    ...(r.messages < 1_000_000 ? { note: `seeded ${r.messages} messages, not 1,000,000` } : {}),
  };
}

/**
 * P10 from load/visitors.mjs and the built widget: widget.js at most 30 kB compressed (the
 * larger of gzip and Brotli), and a new visitor's question -> first delta p99 <= 300 ms at 20
 * new visitors/s, every visitor answered.
 */
export function p10Figure(m) {
  const r = m.p10.run;
  const sizeBytes = Math.max(m.p10.size.gzip, m.p10.size.brotli);
  const p99 = num(r.questionToFirstDelta.p99);
  const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
  return {
    figure: 'P10',
    ours: {
      widgetGzipBytes: m.p10.size.gzip,
      widgetBrotliBytes: m.p10.size.brotli,
      firstDeltaP50Ms: r.questionToFirstDelta.p50 ?? null,
      firstDeltaP99Ms: p99,
      arrivalToFirstDeltaP99Ms: r.arrivalToFirstDelta.p99 ?? null,
    },
    baseline: null,
    ratio: null,
    target:
      'widget.js <= 30 kB compressed; new visitor: question -> first message:delta p99 <= 300 ms at 20 visitors/s',
    pass: sizeBytes <= 30 * 1024 && p99 !== null && p99 <= 300 && errors === 0 && r.rate >= 20,
    rate: r.rate,
    seconds: r.seconds,
    visitors: r.visitors,
    answered: r.answered,
    errors: r.errors,
    otherProcessesCpu: r.foreignCpu,
    ...(r.rate < 20 ? { note: `ran at ${r.rate} visitors/s, not 20` } : {}),
  };
}

export const P6_TARGET =
  'bot (sizebot): acked -> first message:delta p99 <= 50 ms at 50 conversations/s';

/**
 * P6 from load/bots.mjs: ack -> first delta p99 against 50 ms, at >= 50 questions/s, with
 * every acked question answered by exactly one reply that completed, and no errors.
 */
export function p6Figure(m) {
  const r = m.p6.run.fixed;
  const firstP99 = num(r.ackToFirstDelta.p99);
  const clean = r.errors === 0 && r.badReplies === 0 && !r.aborted && r.acked > 0;
  const notes = [];
  if (m.p6.rate < 50) notes.push(`ran at ${m.p6.rate} questions/s, not 50`);
  if (r.aborted) notes.push(`aborted: ${r.aborted}`);
  if (r.waitedForPerson > 0)
    notes.push(`${r.waitedForPerson} questions waited for a person whose reply was still coming`);
  return {
    figure: 'P6',
    ours: {
      firstDeltaP50Ms: r.ackToFirstDelta.p50 ?? null,
      firstDeltaP99Ms: firstP99,
      completeP50Ms: r.ackToComplete.p50 ?? null,
      completeP99Ms: r.ackToComplete.p99 ?? null,
    },
    baseline: null,
    ratio: null,
    target: P6_TARGET,
    pass: firstP99 !== null && firstP99 <= 50 && clean && m.p6.rate >= 50,
    rate: m.p6.rate,
    seconds: m.p6.seconds,
    people: m.p6.people,
    botConcurrency: m.p6.botConcurrency,
    asked: r.asked,
    acked: r.acked,
    completed: r.completed,
    errors: r.errors,
    badReplies: r.badReplies,
    ackP99Ms: r.ack.p99 ?? null,
    replyCache: r.replyCache
      ? `enabled (default TTL); questions differ: ${r.replyCache.hit ?? 0} hits, ${r.replyCache.miss ?? 0} misses`
      : 'enabled (default TTL); questions differ (hits and misses not read)',
    otherProcessesCpu: r.foreignCpu,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/** P6 split into the legs of a reply (ms), with its counts and the CPU of each process. */
export function p6Table(r) {
  const legs = [
    ['scheduled -> ack', r.ack],
    ['ack -> bot message:new (outbox, queue, worker start)', r.ackToBotMessage],
    ['bot message:new -> first delta (context, cache, brain)', r.botMessageToFirstDelta],
    ['**ack -> first delta** (target p99 <= 50)', r.ackToFirstDelta],
    ['first delta -> complete (streaming)', r.firstDeltaToComplete],
    ['**ack -> complete**', r.ackToComplete],
  ];
  const rows = [
    '| leg | n | p50 ms | p90 ms | p99 ms | max ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...legs.map(
      ([name, s]) =>
        `| ${name} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p90)} | ${fmt(s.p99)} | ${fmt(s.max)} |`,
    ),
  ];
  const cpu = [
    r.serverCpu,
    r.servicesCpu?.postgres,
    r.servicesCpu?.redis,
    r.loadgenCpu,
    r.foreignCpu,
  ]
    .map((v) => fmt(v))
    .join(' / ');
  return [
    ...rows,
    '',
    `${r.rate} questions/s for ${r.seconds} s: asked ${r.asked}, acked ${r.acked}, completed ${r.completed}; ` +
      `errors ${r.errors} (ack timeouts ${r.ackTimeouts}, reply timeouts ${r.replyTimeouts}, disconnects ${r.disconnects}); ` +
      `missing ${r.missingReplies}, duplicate ${r.duplicateReplies}, failed ${r.failedReplies}, incomplete ${r.incompleteReplies}, ` +
      `without delta ${r.repliesWithoutDelta}, deltas not adding up to the body ${r.streamMismatches}. ` +
      `CPU (cores) API / pg / redis / loadgen / others: ${cpu}.`,
  ].join('\n');
}

export function p7Figure(m) {
  const p = m.p7;
  const pass =
    p.lost === 0 &&
    p.duplicated === 0 &&
    p.seqMismatches === 0 &&
    p.badConversations === 0 &&
    p.duplicateDeliveries === 0;
  return {
    figure: 'P7',
    ours: { acked: p.acked, inDatabase: p.found, lost: p.lost, duplicated: p.duplicated },
    baseline: null,
    ratio: null,
    target: '0 lost, 0 duplicated, every acked message in the database',
    pass,
    seqMismatches: p.seqMismatches,
    conversationsChecked: p.conversationsChecked,
    badConversations: p.badConversations,
    duplicateDeliveries: p.duplicateDeliveries,
    storedWithoutAck: p.storedWithoutAck,
    missingDeliveries: p.missingDeliveries,
  };
}

export function artilleryFigure(name, r, metric) {
  if (!r) return null;
  if (r.skipped || r.failed) {
    return {
      figure: `artillery:${name}`,
      ours: null,
      baseline: null,
      ratio: null,
      target: 'smoke: 0 errors',
      pass: r.skipped ? null : false,
      note: r.skipped ?? r.failed,
    };
  }
  return {
    figure: `artillery:${name}`,
    ours: { p95Ms: r[metric]?.p95 ?? null, p99Ms: r[metric]?.p99 ?? null, metric },
    baseline: null,
    ratio: null,
    target: 'smoke: 0 errors',
    pass: r.errors === 0 && (r[metric]?.count ?? 0) > 0,
    requests: r[metric]?.count ?? 0,
    errors: r.errors,
    errorDetail: r.errorDetail,
    vusers: r.vusers,
    seconds: r.seconds,
  };
}

function cell(figure, which) {
  const v = figure[which];
  if (v === null || v === undefined) return figure.note && which === 'ours' ? figure.note : '—';
  const spread = figure.spread?.[which];
  if (typeof v !== 'object')
    return `${v}${figure.unit ? ` ${figure.unit}` : ''}${spread ? ` (pairs ${spread.pairs.join(' / ')})` : ''}`;
  return Object.entries(v)
    .filter(([, x]) => x !== null && x !== undefined && typeof x !== 'object')
    .map(([k, x]) => `${k} ${x}`)
    .join(', ');
}

export function markdownTable(figures) {
  const rows = [
    '| figure | ours | baseline | ratio | target | pass |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const f of figures) {
    const pass = f.pass === null || f.pass === undefined ? '—' : f.pass ? 'yes' : '**no**';
    const ratioCell = f.spread?.ratio
      ? `${fmt(f.ratio)} (${f.spread.ratio.min}-${f.spread.ratio.max})`
      : fmt(f.ratio);
    rows.push(
      `| ${f.figure} | ${cell(f, 'ours')} | ${cell(f, 'baseline')} | ${ratioCell} | ${f.target} | ${pass} |`,
    );
  }
  return rows.join('\n');
}

export function stepsTable(title, steps) {
  const rows = [
    `| ${title} msg/s | sent | delivery p50 / p99 ms | ack p99 ms | lost | errors | CPU server / pg / redis / loadgen / others | pass |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of steps) {
    rows.push(
      `| ${s.rate} | ${s.sent} | ${fmt(s.delivery.p50)} / ${fmt(s.delivery.p99)} | ${fmt(s.ack.p99)} | ${s.lost} | ${s.errors} | ${[s.serverCpu, s.servicesCpu?.postgres, s.servicesCpu?.redis, s.loadgenCpu, s.foreignCpu].map((v) => fmt(v)).join(' / ')} | ${s.pass ? 'yes' : `no${s.aborted ? ' (aborted)' : ''}${s.disturbed ? ' (disturbed, retried)' : ''}`} |`,
    );
  }
  return rows.join('\n');
}

/** A compact copy of a step for results/latest.json. */
export function compactStep(s) {
  return {
    rate: s.rate,
    sent: s.sent,
    threadReplies: s.threadReplies ?? 0,
    acked: s.acked,
    deliveryP50: s.delivery.p50 ?? null,
    deliveryP99: s.delivery.p99 ?? null,
    deliveryMax: s.delivery.max ?? null,
    ackP99: s.ack.p99 ?? null,
    lost: s.lost,
    errors: s.errors,
    serverCpu: s.serverCpu,
    loadgenCpu: s.loadgenCpu,
    loadgenLoopDelayP99Ms: s.loadgenLoopDelayP99Ms,
    servicesCpu: s.servicesCpu,
    otherProcessesCpu: s.foreignCpu,
    pass: s.pass,
    ...(s.disturbed ? { disturbed: true } : {}),
    ...(s.retry ? { retry: true } : {}),
    ...(s.aborted ? { aborted: s.aborted } : {}),
  };
}
