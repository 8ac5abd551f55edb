// The soak's verdict, from the database and what every client was told: lost, doubled, gaps,
// errors outside the outage windows, bot replies and recovery times.
import { backendRequire } from '../../../scripts/lib/services.mjs';
import { pool, sleep, summarize } from '../util.mjs';

const pg = backendRequire('pg');

/** After a dependency is back, its 503s may last this long (pools reconnect, Redis resubscribes). */
export const OUTAGE_GRACE_MS = 5_000;
/** No silent tail: a committed message reaches every connected member within this time. */
export const LIVE_WITHIN_MS = 5_000;
/** A socket counts as connected for a message once it has been for this long (rooms joined). */
const SETTLED_MS = 1_000;

/** The windows in which 503 / UNAVAILABLE is the right answer: a dependency is away. */
export const outageWindows = (faults) =>
  faults
    .filter((f) => f.component === 'redis' || f.component === 'postgres')
    .map((f) => ({ from: f.killedAt, to: f.readyAt + OUTAGE_GRACE_MS, component: f.component }));

const inWindow = (windows, at) => windows.some((w) => at >= w.from && at <= w.to);

/** Waits until every prompt to the assistant has a finished (or failed) reply, at most `maxMs`. */
export async function waitForBotReplies(db, conversationIds, maxMs) {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS open FROM messages m
        WHERE m.conversation_id = ANY($1) AND m.kind = 'text'
          AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.reply_to_id = m.id AND r.kind = 'bot'
                            AND r.status IN ('complete', 'failed'))`,
      [conversationIds],
    );
    if (rows[0].open === 0 || Date.now() > deadline) return rows[0].open;
    await sleep(500);
  }
}

/** A fresh tally of the message figures, which checkConversation adds to. */
export const newTally = () => ({
  sent: 0,
  acked: 0,
  unacked: 0,
  lost: 0,
  lostToMembers: 0,
  doubled: 0,
  gaps: 0,
  silentTail: 0,
  silentTailSamples: [],
  threadReplies: 0,
  reannounced: 0,
  reconnects: 0,
  resends: 0,
  liveDelivered: 0,
  deliveries: 0,
  liveLatencies: [],
});

/**
 * Compares one conversation's rows with what its people (socket sends, live announcements,
 * catch-up) and the REST sends were told. Adds to `tally`. A message committed outside the
 * outage `windows` while a member was connected (and stayed so for LIVE_WITHIN_MS) must have
 * reached that member live within LIVE_WITHIN_MS: else it counts in `silentTail`.
 */
export async function checkConversation(db, conversation, tally, windows = []) {
  const { rows } = await db.query(
    `SELECT id, seq::int AS seq, sender_id, client_message_id, kind,
            thread_root_id IS NOT NULL AS in_thread,
            (extract(epoch FROM created_at) * 1000)::float8 AS at
       FROM messages WHERE conversation_id = $1 ORDER BY seq`,
    [conversation.conversationId],
  );
  tally.threadReplies += rows.filter((r) => r.in_thread).length;
  const seqs = rows.map((r) => r.seq);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  tally.gaps += seqs.filter((s, i) => s !== i + 1).length;
  const clientIds = new Map();
  for (const r of rows) {
    if (!r.client_message_id) continue;
    const key = `${r.sender_id}/${r.client_message_id}`;
    clientIds.set(key, (clientIds.get(key) ?? 0) + 1);
  }
  tally.doubled += [...clientIds.values()].filter((n) => n > 1).length;

  const acked = [
    ...conversation.people.flatMap((p) => [...p.acked.values()]),
    ...conversation.restSends.filter((s) => s.acked).map((s) => s.acked),
  ];
  for (const ack of acked) {
    tally.acked += 1;
    const row = byId.get(ack.id);
    if (!row || row.seq !== ack.seq) tally.lost += 1;
  }
  tally.sent +=
    conversation.people.reduce((n, p) => n + p.generated.length, 0) + conversation.restSends.length;
  tally.unacked +=
    conversation.people.reduce(
      (n, p) => n + p.generated.filter((id) => !p.acked.has(id)).length,
      0,
    ) + conversation.restSends.filter((s) => !s.acked).length;

  for (const person of conversation.people) {
    await person.catchUp();
    const held = new Set(person.sequence());
    // Acked but never reached this member, live or by catch-up: the "no silent tail" failure.
    tally.lostToMembers += seqs.filter((s) => !held.has(s)).length;
    for (const [seq, ids] of person.live) {
      // A seq announced as two different messages.
      if (ids.size > 1 || (bySeq.has(seq) && !ids.has(bySeq.get(seq).id))) tally.doubled += 1;
    }
    for (const [seq, id] of person.fetched) if (bySeq.get(seq)?.id !== id) tally.doubled += 1;
    for (const r of rows) {
      const at = person.liveAt.get(r.seq);
      if (at !== undefined) tally.liveLatencies.push(Math.max(0, at - r.at));
      const owed =
        !inWindow(windows, r.at) &&
        person.connectedThroughout(r.at - SETTLED_MS, r.at + LIVE_WITHIN_MS);
      if (owed && (at === undefined || at - r.at > LIVE_WITHIN_MS)) {
        tally.silentTail += 1;
        if (tally.silentTailSamples.length < 10)
          tally.silentTailSamples.push({
            at: r.at,
            seq: r.seq,
            kind: r.kind,
            person: person.name,
            lateMs: at === undefined ? null : Math.round(at - r.at),
          });
      }
    }
    tally.liveDelivered += seqs.filter((s) => person.live.has(s)).length;
    tally.deliveries += seqs.length;
    tally.reannounced += person.reannounced;
    tally.reconnects += person.reconnects;
    tally.resends += person.stalls + person.refusals.length;
  }
}

/**
 * Bot replies of the assistant conversations: prompts, finished, failed, unanswered (no reply,
 * or one still streaming), doubled; for a few unanswered ones, what the outbox and BullMQ hold.
 */
async function checkBotReplies(db, redisUrl, conversationIds, botId, startedAt) {
  const { rows } = await db.query(
    `SELECT m.id, m.sender_id, (extract(epoch FROM m.created_at) * 1000)::float8 AS at,
            count(r.id)::int AS replies,
            count(r.id) FILTER (WHERE r.status = 'complete')::int AS complete,
            count(r.id) FILTER (WHERE r.status = 'failed')::int AS failed,
            min(r.status) AS status,
            (SELECT bot_id FROM bot_reply_outbox o WHERE o.trigger_message_id = m.id LIMIT 1)
              AS owed_by
       FROM messages m LEFT JOIN messages r ON r.reply_to_id = m.id AND r.kind = 'bot'
      WHERE m.conversation_id = ANY($1) AND m.kind = 'text'
      GROUP BY m.id`,
    [conversationIds],
  );
  const unanswered = rows.filter((r) => r.complete === 0 && r.failed === 0);
  const samples = await jobStates(redisUrl, botId, unanswered.slice(0, 5));
  return {
    requested: rows.length,
    finished: rows.filter((r) => r.complete === 1).length,
    failed: rows.filter((r) => r.failed > 0).length,
    unanswered: unanswered.length,
    stillStreaming: unanswered.filter((r) => r.replies > 0).length,
    doubled: rows.filter((r) => r.replies > 1).length,
    unansweredSamples: unanswered.slice(0, 5).map((r, i) => ({
      atSeconds: Math.round((r.at - startedAt) / 100) / 10,
      reply: r.status,
      inOutbox: r.owed_by !== null,
      job: samples[i],
    })),
  };
}

/** The BullMQ state of each prompt's `bot-replies` job (its id: `<prompt>_<bot>`). */
async function jobStates(redisUrl, botId, prompts) {
  const Redis = backendRequire('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return await Promise.all(
      prompts.map(async (p) => {
        const keys = await redis.keys(`*bot-replies:${p.id}_${botId}`);
        if (keys.length === 0) return 'no job';
        const job = await redis.hgetall(keys[0]);
        return {
          attemptsMade: job.attemptsMade ?? job.atm,
          processedOn: job.processedOn,
          finishedOn: job.finishedOn,
          failedReason: job.failedReason?.slice(0, 200),
          returnvalue: job.returnvalue,
        };
      }),
    );
  } catch (error) {
    return prompts.map(() => `redis: ${error.message}`);
  } finally {
    redis.disconnect();
  }
}

/** Attachments by status (a thumbnail job lost with Redis's data leaves one `processing`). */
async function attachmentStatuses(db) {
  const { rows } = await db.query(
    `SELECT status, count(*)::int AS n FROM attachments GROUP BY status ORDER BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * Recovery of each fault: `downMs` (kill -> ready again), `firstSendMs` (ready -> first
 * acknowledged send), `allSendersMs` (kill -> every group sender acknowledged again) and, for
 * the worker, `firstReplyMs` (ready -> first finished bot reply).
 */
function recoveries(faults, timeline, senders) {
  const firstAfter = (times, t) => times.find((x) => x >= t);
  return faults.map((f) => {
    const firstAck = firstAfter(timeline.acks, f.readyAt);
    const perSender = senders.map((p) =>
      firstAfter(
        [...p.acked.values()].map((a) => a.at),
        f.killedAt,
      ),
    );
    const firstReply = firstAfter(timeline.botReplies, f.readyAt);
    return {
      component: f.component,
      atSeconds: f.atSeconds,
      downMs: f.readyAt - f.killedAt,
      firstSendMs: firstAck === undefined ? null : Math.max(0, firstAck - f.readyAt),
      allSendersMs: perSender.includes(undefined) ? null : Math.max(...perSender) - f.killedAt,
      ...(f.component === 'worker'
        ? { firstReplyMs: firstReply === undefined ? null : firstReply - f.readyAt }
        : {}),
    };
  });
}

/**
 * Server errors (REST 5xx, socket INTERNAL) and UNAVAILABLE refusals, inside and outside the
 * outage `windows`; a few samples of those outside.
 */
export function classifyErrors(timeline, windows) {
  const errors = [
    ...timeline.rest.filter((r) => r.status >= 500),
    ...timeline.refusals.filter((r) => r.code === 'INTERNAL'),
  ];
  const unavailable = timeline.refusals.filter((r) => r.code === 'UNAVAILABLE');
  const outside = errors.filter((e) => !inWindow(windows, e.at));
  const during = errors.filter((e) => inWindow(windows, e.at));
  return {
    fiveHundredsOutsideOutages: outside.length,
    unavailableDuringOutages:
      during.filter((e) => e.status === 503).length +
      unavailable.filter((r) => inWindow(windows, r.at)).length,
    otherErrorsDuringOutages: during.filter((e) => e.status !== 503).length,
    unavailableOutsideOutages: unavailable.filter((r) => !inWindow(windows, r.at)).length,
    networkErrors: timeline.networkErrors,
    samples: outside.slice(0, 5).map((e) => ({
      at: new Date(e.at).toISOString(),
      ...(e.status ? { status: e.status, what: e.what, body: e.body } : { code: e.code }),
    })),
  };
}

/** Every figure of the run and the failures that make it exit 1. */
export async function verify(stack, people, timeline, faults, unexpectedExits, opts) {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const botIds = people.botConversations.map((c) => c.conversationId);
    const openReplies = await waitForBotReplies(db, botIds, opts.drainMs);
    const tally = newTally();
    const windows = outageWindows(faults);
    const conversations = [...people.groups, ...people.botConversations];
    // Two conversations at a time: each person's catch-up pages through its history.
    await pool(conversations, 2, (c) => checkConversation(db, c, tally, windows));
    const { liveLatencies, ...messages } = tally;
    messages.liveLatencyMs = summarize(liveLatencies);
    for (const sample of messages.silentTailSamples)
      sample.at = Math.round((sample.at - opts.startedAt) / 100) / 10;
    const bots = {
      ...(await checkBotReplies(db, stack.redisUrl, botIds, people.assistantId, opts.startedAt)),
      openAtEnd: openReplies,
    };

    const errors = classifyErrors(timeline, windows);
    const senders = people.groups.flatMap((g) => g.people);
    const failures = [
      tally.lost && `${tally.lost} acknowledged messages lost`,
      tally.lostToMembers && `${tally.lostToMembers} messages never reached a member`,
      tally.doubled && `${tally.doubled} messages doubled`,
      tally.gaps && `${tally.gaps} seq gaps`,
      tally.silentTail &&
        `${tally.silentTail} deliveries to connected members missing or later than ${LIVE_WITHIN_MS / 1000} s`,
      tally.unacked && `${tally.unacked} sends never acknowledged`,
      bots.doubled && `${bots.doubled} prompts answered twice`,
      bots.unanswered && `${bots.unanswered} prompts never answered (or still streaming)`,
      errors.fiveHundredsOutsideOutages &&
        `${errors.fiveHundredsOutsideOutages} 5xx / INTERNAL outside outage windows`,
      unexpectedExits.length &&
        `processes exited unasked: ${unexpectedExits.map((e) => e.name).join(', ')}`,
    ].filter(Boolean);
    return {
      messages,
      bots,
      errors,
      attachments: await attachmentStatuses(db),
      recovery: recoveries(faults, timeline, senders),
      failures,
    };
  } finally {
    await db.end();
  }
}
