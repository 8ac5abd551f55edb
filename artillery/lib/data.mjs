// The benchmark's data: users, groups, people with a sizebot conversation, the big conversation,
// all through the API except the seeded messages.
import { backendRequire } from '../../scripts/lib/services.mjs';
import { HarnessError } from './harness.mjs';
import { pool } from './util.mjs';

const pg = backendRequire('pg');

/** One JSON request to the API; a non-2xx answer is a HarnessError. */
export async function http(base, method, path, body, token) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new HarnessError(`${method} ${path} -> ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

let userCounter = 0;
/** Registers a new user `<tag>_<n>` through the API: its id, name and access token. */
export async function register(h, base) {
  userCounter += 1;
  const username = `${h.tag}_${userCounter}`;
  const session = await http(base, 'POST', '/api/v1/auth/register', {
    username,
    password: 'benchmark password 1',
  });
  return { userId: session.user.id, username, token: session.accessToken };
}

/** Opens (or finds) the direct conversation of the token's user with `userId`. */
const openDirect = (base, token, userId) =>
  http(base, 'POST', '/api/v1/conversations', { type: 'direct', userId }, token);

/** --conversations groups of --members registered users each. */
export async function createGroups(h, base) {
  const { opts } = h;
  const users = await pool(Array.from({ length: opts.conversations * opts.members }), 4, () =>
    register(h, base),
  );
  const conversations = await pool(
    Array.from({ length: opts.conversations }, (_, i) => i),
    4,
    async (i) => {
      const members = users.slice(i * opts.members, (i + 1) * opts.members);
      const conversation = await http(
        base,
        'POST',
        '/api/v1/conversations',
        { type: 'group', title: `bench ${i}`, memberIds: members.slice(1).map((m) => m.userId) },
        members[0].token,
      );
      return { id: conversation.id, members };
    },
  );
  return { conversations };
}

/** P6: people, each with a direct conversation with sizebot (opened before their sockets). */
export async function createBotPeople(h, base) {
  const { opts } = h;
  const people = await pool(Array.from({ length: opts.botPeople }), 4, () => register(h, base));
  const bots = await http(base, 'GET', '/api/v1/bots', null, people[0].token);
  const bot = bots.find((b) => b.username === 'sizebot');
  if (!bot) {
    throw new HarnessError(
      `the API offers no sizebot (GET /api/v1/bots: ${bots.map((b) => b.username).join(', ') || 'none'}); is BOTS set?`,
    );
  }
  await pool(people, 4, async (person) => {
    person.conversationId = (await openDirect(base, person.token, bot.id)).id;
  });
  return { bot: { id: bot.id, username: bot.username }, people };
}

/** P4/P5: a direct conversation of --messages messages, inserted in one statement. */
export async function seedBigConversation(h, base, databaseUrl) {
  const { opts } = h;
  const [a, b] = [await register(h, base), await register(h, base)];
  const conversation = await openDirect(base, a.token, b.userId);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A seed is not a send: its delivery outbox rows go in the same transaction, or the API's
    // relay would announce every seeded message during the measurements; and it comes indexed
    // for search, or the API's search indexer would index it during the measurements.
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id, search_vector)
       SELECT $1, s, CASE WHEN s % 2 = 0 THEN $2::uuid ELSE $3::uuid END, body, 'seed-' || s,
              -- As the search indexer writes it (plainVectorSql in the search module's SQL).
              v || array_to_tsvector(ARRAY(
                SELECT right($1::uuid::text, 8) || ':' || l FROM unnest(tsvector_to_array(v)) l))
         FROM generate_series(1, $4::int) s,
              LATERAL (SELECT 'message number ' || s || ' of the big conversation' AS body) b,
              LATERAL (SELECT to_tsvector('chat_search'::regconfig, b.body) AS v) x`,
      [conversation.id, a.userId, b.userId, opts.messages],
    );
    await client.query(`DELETE FROM message_delivery_outbox WHERE conversation_id = $1`, [
      conversation.id,
    ]);
    await client.query(`UPDATE conversations SET last_seq = $2 WHERE id = $1`, [
      conversation.id,
      opts.messages,
    ]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return { conversationId: conversation.id, token: a.token };
}

/**
 * After seeding and registering: vacuum and analyze every table and write dirty pages out, so
 * neither autovacuum (1M fresh messages, hundreds of new users and members) nor a checkpoint
 * wakes up in the middle of a measurement.
 */
export async function quiesceDatabase(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}
