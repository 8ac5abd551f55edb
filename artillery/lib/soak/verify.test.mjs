// `node --test artillery/lib/soak/verify.test.mjs`: the soak's verdict finds each kind of
// failure it reports (lost, doubled, gaps, silent tail, 5xx outside outages), and nothing in a
// clean run. The rows come from a stand-in for the database; the people are real Person objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Person } from './person.mjs';
import { checkConversation, classifyErrors, newTally, outageWindows } from './verify.mjs';

const T0 = 1_000_000;
const SENDER = 'sender-1';

/** A message row as the verdict's query returns it. */
const row = (seq, over = {}) => ({
  id: `m${seq}`,
  seq,
  sender_id: SENDER,
  client_message_id: `c${seq}`,
  kind: 'text',
  in_thread: false,
  at: T0 + seq * 100,
  ...over,
});

/** A person who sent `acked` (seqs), was connected from T0 on, and was told `live` (seqs). */
function person({ acked = [], live = [], liveDelayMs = 50, connected = [[T0 - 5_000, Infinity]] }) {
  const p = new Person({ name: 'p', urls: [], token: '', conversationId: 'c', intervalMs: 0 });
  for (const seq of acked) {
    p.generated.push(`c${seq}`);
    p.acked.set(`c${seq}`, { id: `m${seq}`, seq, at: T0 + seq * 100 });
  }
  for (const seq of live) {
    p.live.set(seq, new Set([`m${seq}`]));
    p.liveAt.set(seq, T0 + seq * 100 + liveDelayMs);
  }
  p.connections = connected.map(([from, to]) => ({ from, to }));
  return p;
}

/** Runs checkConversation over `rows`; each person's catch-up fetches every row. */
async function verdict(rows, people, windows = []) {
  const db = { query: async () => ({ rows }) };
  for (const p of people) {
    p.catchUp = async () => rows.forEach((r) => p.fetched.set(r.seq, r.id));
  }
  const tally = newTally();
  await checkConversation(db, { conversationId: 'c', people, restSends: [] }, tally, windows);
  return tally;
}

const failures = (t) => ({
  lost: t.lost,
  lostToMembers: t.lostToMembers,
  doubled: t.doubled,
  gaps: t.gaps,
  silentTail: t.silentTail,
  unacked: t.unacked,
});
const clean = { lost: 0, lostToMembers: 0, doubled: 0, gaps: 0, silentTail: 0, unacked: 0 };

test('a clean conversation has no failure', async () => {
  const rows = [row(1), row(2), row(3)];
  const t = await verdict(rows, [
    person({ acked: [1, 2, 3], live: [1, 2, 3] }),
    person({ live: [1, 2, 3] }),
  ]);
  assert.deepEqual(failures(t), clean);
  assert.equal(t.acked, 3);
});

test('an acknowledged message missing from the database is lost', async () => {
  const t = await verdict([row(1), row(2)], [person({ acked: [1, 2, 3], live: [1, 2] })]);
  assert.equal(t.lost, 1);
});

test('a client id stored twice is doubled; a missing seq is a gap', async () => {
  const rows = [row(1), row(2), row(4, { id: 'm4', client_message_id: 'c2' })];
  const t = await verdict(rows, [person({ live: [1, 2, 4] })]);
  assert.equal(t.doubled, 1);
  assert.equal(t.gaps, 1);
});

test('a seq announced as two different messages is doubled', async () => {
  const p = person({ live: [1] });
  p.live.get(1).add('other');
  const t = await verdict([row(1)], [p]);
  assert.equal(t.doubled, 1);
});

test('a member connected throughout and never told live is a silent tail, even after catch-up', async () => {
  const t = await verdict([row(1), row(2)], [person({ live: [1] })]);
  assert.equal(t.silentTail, 1);
  assert.equal(t.lostToMembers, 0);
  const late = await verdict([row(1)], [person({ live: [1], liveDelayMs: 6_000 })]);
  assert.equal(late.silentTail, 1);
});

test('no silent tail is owed while a dependency is away or the member was not connected', async () => {
  const during = await verdict(
    [row(1), row(2)],
    [person({ live: [1] })],
    [{ from: T0 + 150, to: T0 + 250 }],
  );
  assert.equal(during.silentTail, 0);
  const away = await verdict(
    [row(1), row(2)],
    [person({ live: [1], connected: [[T0 - 5_000, T0 + 1_000]] })],
  );
  assert.equal(away.silentTail, 0);
});

test('5xx and INTERNAL outside an outage fail; 503 and UNAVAILABLE during one are right', () => {
  const windows = outageWindows([
    { component: 'postgres', killedAt: 1_000, readyAt: 2_000 },
    { component: 'api-a', killedAt: 10_000, readyAt: 12_000 },
  ]);
  const errors = classifyErrors(
    {
      rest: [
        { at: 1_500, status: 503 },
        { at: 1_600, status: 500 },
        { at: 11_000, status: 500, what: 'search' },
        { at: 11_000, status: 200 },
      ],
      refusals: [
        { at: 1_500, code: 'UNAVAILABLE' },
        { at: 20_000, code: 'INTERNAL' },
        { at: 20_000, code: 'UNAVAILABLE' },
      ],
      networkErrors: 2,
    },
    windows,
  );
  assert.equal(errors.fiveHundredsOutsideOutages, 2);
  assert.equal(errors.unavailableDuringOutages, 2);
  assert.equal(errors.otherErrorsDuringOutages, 1);
  assert.equal(errors.unavailableOutsideOutages, 1);
});
