import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
// Only to force the large-scope plan on the tiny test data.
// eslint-disable-next-line no-restricted-imports
import { SearchRepository } from '../src/modules/search/search.repository';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { searchIndexed } from './support/search';
import { waitFor } from './support/services';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

interface Page {
  items: { id: string; body: string }[];
  highlights: { messageId: string; parts: { text: string; match: boolean }[] }[];
}

const key = () => randomBytes(32).toString('base64');
const KNOWN = 'the quarterly Café numbers arrive Thursday';

/**
 * Search with encryption at rest on (DESIGN section 14): the search vectors hold keyed hashes of
 * words (the blind index), never the words. The suite starts the database without encryption,
 * so turning it on must re-index what was indexed in plain, and ends by changing the index key.
 */
describe('search with encryption at rest (blind index)', () => {
  let url: string;
  let t: TestApp;
  let a: Session;
  let b: Session;
  let outsider: Session;
  let direct: string;
  let before: string;
  /** One ring for the whole suite: the bodies it seals must stay readable when the index key changes. */
  const ring = `k1:${key()}`;
  const env = (indexKey: string) => ({
    DATABASE_URL: url,
    ENCRYPTION_KEYS: ring,
    ENCRYPTION_INDEX_KEY: indexKey,
    RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
  });

  const bodies = async (s: Session, q: string) => (await search(s, q)).items.map((m) => m.body);
  async function search(s: Session, q: string): Promise<Page> {
    await searchIndexed(t);
    const res = await asUser(t.url, s).get('/api/v1/search/messages').query({ q }).expect(200);
    return res.body as Page;
  }
  const vectors = async (): Promise<string[]> =>
    (
      await t.app
        .get(DataSource)
        .query<{ v: string | null }[]>(
          `SELECT search_vector::text AS v FROM messages WHERE kind IN ('text', 'bot')`,
        )
    ).map((r) => r.v ?? '');

  beforeAll(async () => {
    url = await freshDatabase('search_blind');
    // First without encryption: this message is indexed in plain lexemes.
    t = await startTestApp({ DATABASE_URL: url });
    [a, b, outsider] = [await register(t.url), await register(t.url), await register(t.url)];
    direct = await asUser(t.url, a).direct(b);
    before = (await asUser(t.url, a).send(direct, KNOWN)).id;
    await searchIndexed(t);
    expect((await vectors()).join(' ')).toContain('quarterly');
    await t.close();
    t = await startTestApp(env(key()));
    // Turned on, the worker seals what was stored in plaintext, and each sealed body is indexed
    // again: the searches wait for that pass, not only for the index.
    await waitFor(
      async () => {
        const [row] = await t.app.get(DataSource).query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM messages
              WHERE body IS NOT NULL AND NOT starts_with(body, 'enc1:')`,
        );
        return row.n === 0 || undefined;
      },
      30_000,
      'the stored plaintext to be sealed',
    );
  });
  afterAll(() => t?.close());

  it('re-indexes what was indexed in plain: found by whole words, no word left in the database', async () => {
    expect(await bodies(b, 'quarterly')).toEqual([KNOWN]);
    const stored = (await vectors()).join(' ');
    for (const word of ['the', 'quarterly', 'cafe', 'café', 'numbers', 'thursday']) {
      expect(stored).not.toContain(word);
    }
    expect(stored).toMatch(/^'[0-9a-f]{32}'/);
  });

  it('finds whole words whatever their case and accents, never substrings or prefixes', async () => {
    const sent = await asUser(t.url, a).send(direct, 'Deployment of the CAFÉ menu finished');
    expect(await bodies(b, 'deployment cafe')).toEqual([sent.body]);
    expect(await bodies(b, 'DEPLOYMENT')).toEqual([sent.body]);
    expect(await bodies(b, 'café')).toEqual([sent.body, KNOWN]);
    // The last word is not a prefix under encryption, and parts of words never match.
    expect(await bodies(b, 'deplo')).toEqual([]);
    expect(await bodies(b, 'ploy')).toEqual([]);
    expect(await bodies(b, 'menus')).toEqual([]);
  });

  it('reads phrases as their words, exclusions and or', async () => {
    await asUser(t.url, a).send(direct, 'release notes draft');
    await asUser(t.url, a).send(direct, 'notes about the release');
    expect(await bodies(a, '"release notes" -draft')).toEqual(['notes about the release']);
    expect(await bodies(a, 'draft or about')).toEqual([
      'notes about the release',
      'release notes draft',
    ]);
  });

  it('highlights matches in the opened text', async () => {
    const page = await search(b, 'thursday');
    expect(page.items.map((m) => m.id)).toEqual([before]);
    expect(page.highlights[0].parts).toEqual([
      { text: 'the quarterly Café numbers arrive ', match: false },
      { text: 'Thursday', match: true },
    ]);
  });

  it('still shows members only', async () => {
    const own = await asUser(t.url, outsider).direct(a);
    await asUser(t.url, outsider).send(own, 'my own quarterly plan');
    expect(await bodies(outsider, 'quarterly')).toEqual(['my own quarterly plan']);
    expect(await bodies(b, 'quarterly')).toEqual([KNOWN]);
  });

  it('edits re-index: the new word matches, the old one no longer', async () => {
    const sent = await asUser(t.url, a).send(direct, 'meet at the harbour');
    expect(await bodies(b, 'harbour')).toEqual(['meet at the harbour']);
    await asUser(t.url, a)
      .patch(`/api/v1/messages/${sent.id}`, { body: 'meet at the station' })
      .expect(200);
    expect(await bodies(b, 'harbour')).toEqual([]);
    expect(await bodies(b, 'station')).toEqual(['meet at the station']);
  });

  it('finds older matches through the words scoped to each conversation (large scopes)', async () => {
    // The test data is tiny: a 2-message window makes the second step of the large-scope plan
    // (the per-conversation lookup of hashed words) find the older matches.
    const repository = t.app.get(SearchRepository);
    const original = repository.plan.bind(repository);
    repository.plan = () => Promise.resolve({ kind: 'recent', window: 2 });
    try {
      await asUser(t.url, a).send(direct, 'filler one');
      await asUser(t.url, a).send(direct, 'filler two');
      expect(await bodies(b, 'quarterly')).toEqual([KNOWN]);
      expect(await bodies(outsider, 'quarterly')).toEqual(['my own quarterly plan']);
      expect(await bodies(b, 'thursday or station')).toEqual(['meet at the station', KNOWN]);
    } finally {
      repository.plan = original;
    }
  });

  it('a new index key re-indexes every message under it', async () => {
    const old = await vectors();
    await t.close();
    t = await startTestApp(env(key()));
    expect(await bodies(b, 'quarterly')).toEqual([KNOWN]);
    expect(await bodies(b, 'station')).toEqual(['meet at the station']);
    const now = await vectors();
    expect(now.filter((v) => v !== '' && old.includes(v))).toEqual([]);
  });
});
