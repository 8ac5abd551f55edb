import request from 'supertest';
// Only to force the large-scope plan on the tiny test data (see the pagination tests).
// eslint-disable-next-line no-restricted-imports
import { SearchRepository } from '../src/modules/search/search.repository';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { searchIndexed } from './support/search';
import { register, type Session } from './support/users';

interface Page {
  items: { id: string; body: string; conversationId: string }[];
  highlights: { messageId: string; parts: { text: string; match: boolean }[] }[];
  nextCursor: string | null;
}

describe('message search', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
  });
  afterAll(() => t.close());

  const search = async (s: Session, query: Record<string, string | number>, status = 200) => {
    await searchIndexed(t);
    const res = await asUser(t.url, s).get('/api/v1/search/messages').query(query).expect(status);
    return res.body as Page;
  };
  const bodies = async (s: Session, q: string, extra: Record<string, string> = {}) =>
    (await search(s, { q, ...extra })).items.map((m) => m.body);

  /** Two fresh people in a direct conversation, so each test sees only its own messages. */
  async function pair() {
    const [a, b] = [await register(t.url), await register(t.url)];
    const id = await asUser(t.url, a).direct(b);
    return { a, b, id, say: (text: string, who: Session = a) => asUser(t.url, who).send(id, text) };
  }

  it('finds words anywhere in a message, whatever their case, newest first', async () => {
    const { a, b, say } = await pair();
    await say('The quarterly REPORT is ready');
    await say('nothing to see here', b);
    await say('second report attached', b);
    expect(await bodies(a, 'report')).toEqual([
      'second report attached',
      'The quarterly REPORT is ready',
    ]);
    expect(await bodies(b, 'Report ready')).toEqual(['The quarterly REPORT is ready']);
    expect(await bodies(a, 'missing')).toEqual([]);
  });

  it('matches the last word as a prefix, as people type', async () => {
    const { a, say } = await pair();
    await say('deployment finished');
    await say('deploy tomorrow');
    await say('a depot nearby');
    expect(await bodies(a, 'deplo')).toEqual(['deploy tomorrow', 'deployment finished']);
    // Only the last word: an earlier word must match whole.
    expect(await bodies(a, 'deplo tomorrow')).toEqual([]);
    expect(await bodies(a, 'deploy tomo')).toEqual(['deploy tomorrow']);
  });

  it('ignores accents both ways, and works for names and any language', async () => {
    const { a, b, say } = await pair();
    await say('Meet at the Café Zoë tonight');
    await say('Ángel Dvořák joined from Kraków');
    await say('Привет из Москвы, 東京 tomorrow', b);
    await say('plain cafe downstairs', b);
    expect(await bodies(a, 'cafe')).toEqual([
      'plain cafe downstairs',
      'Meet at the Café Zoë tonight',
    ]);
    expect(await bodies(a, 'CAFÉ zoe')).toEqual(['Meet at the Café Zoë tonight']);
    expect(await bodies(a, 'angel dvorak')).toEqual(['Ángel Dvořák joined from Kraków']);
    expect(await bodies(a, 'krakow')).toEqual(['Ángel Dvořák joined from Kraków']);
    expect(await bodies(a, 'москвы')).toEqual(['Привет из Москвы, 東京 tomorrow']);
    expect(await bodies(a, 'привет')).toEqual(['Привет из Москвы, 東京 tomorrow']);
    expect(await bodies(a, '東京')).toEqual(['Привет из Москвы, 東京 tomorrow']);
  });

  it('understands "phrases", -exclusions and or', async () => {
    const { a, say } = await pair();
    await say('the release notes are out');
    await say('notes about the release');
    await say('release candidate notes draft');
    expect(await bodies(a, '"release notes"')).toEqual(['the release notes are out']);
    expect(await bodies(a, 'release notes -draft')).toEqual([
      'notes about the release',
      'the release notes are out',
    ]);
    expect(await bodies(a, 'release -"release notes" -draft')).toEqual(['notes about the release']);
    expect(await bodies(a, 'candidate or about')).toEqual([
      'release candidate notes draft',
      'notes about the release',
    ]);
  });

  it('never shows messages of conversations the caller is not, or no longer, in', async () => {
    const [owner, member, outsider] = [
      await register(t.url),
      await register(t.url),
      await register(t.url),
    ];
    const group = await asUser(t.url, owner)
      .post('/api/v1/conversations', {
        type: 'group',
        title: 'secret plans',
        memberIds: [member.user.id],
      })
      .expect(201);
    const groupId = group.body.id as string;
    await asUser(t.url, owner).send(groupId, 'the pineapple protocol');
    const outsiderChat = await asUser(t.url, outsider).direct(owner);
    await asUser(t.url, outsider).send(outsiderChat, 'my own pineapple');

    expect(await bodies(member, 'pineapple')).toEqual(['the pineapple protocol']);
    expect(await bodies(outsider, 'pineapple')).toEqual(['my own pineapple']);
    await search(outsider, { q: 'pineapple', conversationId: groupId }, 404);

    await asUser(t.url, member)
      .delete(`/api/v1/conversations/${groupId}/members/${member.user.id}`)
      .expect(204);
    expect(await bodies(member, 'pineapple')).toEqual([]);
    await search(member, { q: 'pineapple', conversationId: groupId }, 404);
  });

  it('filters by conversation; 404 for unknown ones', async () => {
    const { a, b, id, say } = await pair();
    const c = await register(t.url);
    const other = await asUser(t.url, a).direct(c);
    await say('budget in the direct chat');
    await asUser(t.url, a).send(other, 'budget elsewhere');
    expect(await bodies(a, 'budget')).toHaveLength(2);
    expect(await bodies(a, 'budget', { conversationId: id })).toEqual([
      'budget in the direct chat',
    ]);
    expect(await bodies(b, 'budget', { conversationId: id })).toEqual([
      'budget in the direct chat',
    ]);
    await search(b, { q: 'budget', conversationId: other }, 404);
    await search(b, { q: 'budget', conversationId: '3f1c1a52-0a41-4f43-9e43-5a5b7b5b0c11' }, 404);
  });

  it('finds thread replies, in all my conversations and in the one asked for, with the threadRootId that opens their thread', async () => {
    const { a, b, id, say } = await pair();
    const root = await say('the offsite plan');
    const inThread = (
      await asUser(t.url, b)
        .post(`/api/v1/conversations/${id}/messages`, {
          clientMessageId: `search-thread-${root.id}`,
          body: 'the lighthouse venue is booked',
          threadRootId: root.id,
        })
        .expect(201)
    ).body as { id: string };
    const found = await search(a, { q: 'lighthouse' });
    expect(found.items).toEqual([
      expect.objectContaining({ id: inThread.id, threadRootId: root.id, conversationId: id }),
    ]);
    const scoped = await search(a, { q: 'lighthouse', conversationId: id });
    expect(scoped.items.map((m) => m.id)).toEqual([inThread.id]);
    expect(scoped.highlights[0].parts).toContainEqual({ text: 'lighthouse', match: true });
  });

  it('deleted messages never match, and edits change what matches', async () => {
    const { a, b, say } = await pair();
    const gone = await say('walrus sighting');
    const edited = await say('a typo in walrsu');
    await asUser(t.url, a).delete(`/api/v1/messages/${gone.id}`).expect(204);
    expect(await bodies(b, 'walrus')).toEqual([]);

    await asUser(t.url, a)
      .patch(`/api/v1/messages/${edited.id}`, { body: 'fixed: walrus' })
      .expect(200);
    expect(await bodies(b, 'walrus')).toEqual(['fixed: walrus']);
    expect(await bodies(b, 'walrsu')).toEqual([]);
  });

  it('sees a sent message, and an edit, within 2 s, with nothing but the indexer running', async () => {
    const { a, b, say } = await pair();
    // Raw requests: no test helper indexes for these.
    const until = async (q: string, expected: string[]) => {
      const started = Date.now();
      for (;;) {
        const res = await asUser(t.url, b).get('/api/v1/search/messages').query({ q }).expect(200);
        const found = (res.body as Page).items.map((m) => m.body);
        if (JSON.stringify(found) === JSON.stringify(expected)) return Date.now() - started;
        if (Date.now() - started > 5_000) throw new Error(`"${q}" still finds ${found.join()}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const sent = await say('the narwhal migration starts at dawn');
    expect(await until('narwhal', ['the narwhal migration starts at dawn'])).toBeLessThan(2_000);

    await asUser(t.url, a)
      .patch(`/api/v1/messages/${sent.id}`, { body: 'the beluga migration starts at dawn' })
      .expect(200);
    expect(await until('beluga', ['the beluga migration starts at dawn'])).toBeLessThan(2_000);
    expect(await until('narwhal', [])).toBeLessThan(2_000);
  });

  it('highlights the matching words as structured parts', async () => {
    const { a, say } = await pair();
    const sent = await say('Lunch at Café Zoë? The café downstairs is closed');
    // Marker characters typed into a message cannot fake a match.
    const tricky = await say('fake \u0001highlight\u0002 then cafe');
    const page = await search(a, { q: 'cafe' });
    expect(page.items.map((m) => m.id)).toEqual([tricky.id, sent.id]);
    expect(page.highlights.map((h) => h.messageId)).toEqual([tricky.id, sent.id]);

    const parts = page.highlights[1].parts;
    expect(parts.map((p) => p.text).join('')).toBe(
      'Lunch at Café Zoë? The café downstairs is closed',
    );
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['Café', 'café']);
    expect(page.highlights[0].parts).toEqual([
      { text: 'fake highlight then ', match: false },
      { text: 'cafe', match: true },
    ]);

    const prefix = await search(a, { q: 'zo' });
    expect(prefix.highlights[0].parts.filter((p) => p.match).map((p) => p.text)).toEqual(['Zoë']);

    // A short message is shown whole: its short first and last words are not cut off.
    await say('I will not make it to the meetup, so go on');
    const short = await search(a, { q: 'meetup' });
    expect(short.highlights[0].parts.map((p) => p.text).join('')).toBe(
      'I will not make it to the meetup, so go on',
    );
  });

  describe.each([
    ['small scopes (read whole)', undefined],
    ['large scopes (recent window, then the index)', { kind: 'recent', window: 3 } as const],
  ])('pagination, %s', (_name, plan) => {
    let restore: (() => void) | undefined;
    beforeAll(() => {
      if (!plan) return;
      // The test data is tiny: a 3-message window makes both steps of the large-scope plan run.
      const repository = t.app.get(SearchRepository);
      const original = repository.plan.bind(repository);
      repository.plan = () => Promise.resolve(plan);
      restore = () => {
        repository.plan = original;
      };
    });
    afterAll(() => restore?.());

    it('walks all matches newest first with the cursor, each exactly once', async () => {
      const { a, b, say } = await pair();
      const sent: string[] = [];
      for (let i = 0; i < 7; i++) {
        sent.push((await say(`kiwi number ${i}`, i % 2 ? a : b)).id);
        await say(`noise ${i}`);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      const sizes: number[] = [];
      do {
        const page: Page = await search(a, { q: 'kiwi', limit: 3, ...(cursor ? { cursor } : {}) });
        sizes.push(page.items.length);
        seen.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual([...sent].reverse());

      const all = await search(a, { q: 'kiwi', limit: 7 });
      expect(all.items.map((m) => m.id)).toEqual([...sent].reverse());
      expect(all.nextCursor).toBeNull();
      expect(await bodies(a, 'noise')).toHaveLength(7);
    });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const { a, id } = await pair();
    const message = async (query: Record<string, string | number>) =>
      (
        (await asUser(t.url, a).get('/api/v1/search/messages').query(query).expect(400)).body as {
          message: string[];
        }
      ).message[0];

    expect(await message({})).toMatch(/^q /);
    expect(await message({ q: '   ' })).toMatch(/^q /);
    expect(await message({ q: 'x'.repeat(201) })).toMatch(/^q /);
    // NUL is refused before routing (hostile input), with its own message.
    expect(await message({ q: 'nul\u0000byte' })).toMatch(/NUL/);
    expect(await message({ q: '-excluded -only' })).toMatch(/^q /);
    expect(await message({ q: '?!' })).toMatch(/^q /);
    expect(await message({ q: 'ok', limit: 0 })).toMatch(/^limit /);
    expect(await message({ q: 'ok', limit: 51 })).toMatch(/^limit /);
    expect(await message({ q: 'ok', limit: 'many' })).toMatch(/^limit /);
    expect(await message({ q: 'ok', cursor: 'garbage' })).toMatch(/^cursor /);
    const wrongShape = Buffer.from(`12_${id}_extra`).toString('base64url');
    expect(await message({ q: 'ok', cursor: wrongShape })).toMatch(/^cursor /);
    expect(await message({ q: 'ok', conversationId: 'nope' })).toMatch(/^conversationId /);
    // 200 characters after trimming is fine.
    await search(a, { q: `  ${'y'.repeat(200)}  ` });
    await search(a, { q: 'ok', limit: 50 });
  });

  it('requires a token (401)', async () => {
    await request(t.url).get('/api/v1/search/messages?q=hello').expect(401);
  });
});
