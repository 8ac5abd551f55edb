// The soak's mixed load: people sending in groups (some of it thread replies), people asking the
// assistant, and beside them uploads with a message, searches and dropped connections. Every
// REST answer and every socket refusal lands in `timeline`, for the verdict.
import { randomUUID } from 'node:crypto';
import { http, register } from '../data.mjs';
import { pool, sleep } from '../util.mjs';
import { Person } from './person.mjs';

/** A 1x1 PNG: an image upload that makes the worker write a thumbnail. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The run's record: REST answers, socket refusals, acks and finished bot replies, timed. */
export function createTimeline() {
  return { rest: [], refusals: [], acks: [], botReplies: [], networkErrors: 0 };
}

/** One REST call to `urls[i]`, failing over to the next on a network error; records the answer. */
async function call(timeline, urls, start, { method, path, token, body, form, what }) {
  for (let attempt = 0; attempt < urls.length * 3; attempt++) {
    const url = urls[(start + attempt) % urls.length];
    try {
      const res = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: form ?? (body ? JSON.stringify(body) : undefined),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      timeline.rest.push({ at: Date.now(), status: res.status, what, body: text.slice(0, 200) });
      return { status: res.status, json: text && res.ok ? JSON.parse(text) : null };
    } catch {
      // Refused or reset: that instance is down; the next one is tried.
      timeline.networkErrors += 1;
      await sleep(200);
    }
  }
  return { status: 0, json: null };
}

/**
 * Registers the people and opens their conversations (before any fault): `groups` groups of
 * `members`, and `botPeople` people each in a direct conversation with the assistant.
 */
export async function createPeople(h, stack, timeline, opts) {
  const [first] = stack.urls;
  const onEvent = (kind, detail) => {
    if (kind === 'ack') timeline.acks.push(detail.at);
    else if (kind === 'refusal') timeline.refusals.push({ at: detail.at, code: detail.code });
    else if (kind === 'rest') timeline.rest.push({ at: Date.now(), ...detail });
    else if (kind === 'bot-reply') timeline.botReplies.push(detail.at);
  };
  const urlsFor = (i) => (i % 2 ? [...stack.urls].reverse() : [...stack.urls]);
  const users = await pool(Array.from({ length: opts.groups * opts.members }), 4, () =>
    register(h, first),
  );
  const groups = await pool(
    Array.from({ length: opts.groups }, (_, g) => g),
    2,
    async (g) => {
      const members = users.slice(g * opts.members, (g + 1) * opts.members);
      const conversation = await http(
        first,
        'POST',
        '/api/v1/conversations',
        {
          type: 'group',
          title: `soak ${g}`,
          memberIds: members.slice(1).map((m) => m.userId),
        },
        members[0].token,
      );
      const people = members.map(
        (m, i) =>
          new Person({
            name: m.username,
            urls: urlsFor(i),
            token: m.token,
            conversationId: conversation.id,
            intervalMs: opts.sendEveryMs,
            threadShare: opts.threadShare,
            onEvent,
          }),
      );
      return { conversationId: conversation.id, people, restSends: [] };
    },
  );

  const askers = await pool(Array.from({ length: opts.botPeople }), 4, () => register(h, first));
  const bots = await http(first, 'GET', '/api/v1/bots', null, askers[0].token);
  const assistant = bots.find((b) => b.username === 'assistant');
  const botConversations = await pool(askers, 2, async (asker, i) => {
    const conversation = await http(
      first,
      'POST',
      '/api/v1/conversations',
      { type: 'direct', userId: assistant.id },
      asker.token,
    );
    return {
      conversationId: conversation.id,
      restSends: [],
      people: [
        new Person({
          name: asker.username,
          urls: urlsFor(i),
          token: asker.token,
          conversationId: conversation.id,
          intervalMs: opts.askEveryMs,
          onEvent,
        }),
      ],
    };
  });
  return { groups, botConversations, assistantId: assistant.id };
}

/**
 * Starts the load beside the senders: an upload followed by a REST send with it, a search and
 * a dropped connection, each on its own period. Returns `stop()`, which resolves once the
 * uploads in progress have been sent.
 */
export function startSideLoad(stack, timeline, { groups, botConversations }, opts) {
  let stopping = false;
  const everyone = [...groups, ...botConversations].flatMap((c) => c.people);
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  const counts = { uploads: 0, uploadFailures: 0, searches: 0, drops: 0 };

  /** Uploads a PNG to a group, then sends it (REST, retried with one clientMessageId). */
  async function uploadAndSend() {
    const group = pick(groups);
    const person = pick(group.people);
    const start = Math.floor(Math.random() * stack.urls.length);
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), `soak-${Date.now()}.png`);
    const upload = await call(timeline, stack.urls, start, {
      method: 'POST',
      path: `/conversations/${group.conversationId}/attachments`,
      token: person.token,
      form,
      what: 'upload',
    });
    if (upload.status !== 201) {
      counts.uploadFailures += 1;
      return;
    }
    counts.uploads += 1;
    const send = { clientMessageId: randomUUID(), senderToken: person.token, acked: null };
    group.restSends.push(send);
    // Like the outbox: the same clientMessageId until it is acknowledged, through faults.
    for (let attempt = 0; attempt < 120 && !send.acked; attempt++) {
      const res = await call(timeline, stack.urls, start + attempt, {
        method: 'POST',
        path: `/conversations/${group.conversationId}/messages`,
        token: person.token,
        body: {
          clientMessageId: send.clientMessageId,
          body: 'soak upload',
          attachmentIds: [upload.json.id],
        },
        what: 'send with upload',
      });
      if (res.status === 200 || res.status === 201) {
        send.acked = { id: res.json.id, seq: res.json.seq, at: Date.now() };
        timeline.acks.push(Date.now());
      } else await sleep(500);
    }
  }

  async function search() {
    counts.searches += 1;
    await call(timeline, stack.urls, Math.floor(Math.random() * stack.urls.length), {
      method: 'GET',
      path: `/search/messages?q=${encodeURIComponent(pick(['soak', 'upload', 'reply']))}&limit=20`,
      token: pick(everyone).token,
      what: 'search',
    });
  }

  const loops = [
    [opts.uploadEveryMs, uploadAndSend],
    [opts.searchEveryMs, search],
    [
      opts.dropEveryMs,
      async () => {
        counts.drops += 1;
        pick(everyone).drop();
      },
    ],
  ].map(async ([everyMs, fn]) => {
    const running = [];
    while (!stopping) {
      await sleep(everyMs * (0.5 + Math.random()));
      if (!stopping) running.push(fn());
    }
    await Promise.all(running);
  });
  return {
    counts,
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
