import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { Agent, request } from 'undici';
import { OutboundRefusedError } from '../src/common/outbound/address-policy';
import { guardedLookup } from '../src/common/outbound/outbound-gate';
import { outboundPolicy } from '../src/common/outbound/outbound-policy';
import { QueueName } from '../src/common/jobs/job.types';
import {
  DEFAULT_FETCH_LIMITS,
  PageFetcher,
} from '../src/modules/messages/link-preview/page-fetcher';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

const ogPage = (title: string, image = `/img/${title}.png`) => `<!doctype html><html><head>
  <meta property="og:title" content="${title}">
  <meta property="og:description" content="All about ${title}">
  <meta property="og:image" content="${image}">
  <meta property="og:site_name" content="Test site">
  <title>ignored</title></head><body><p>${title}</p></body></html>`;

/** Pages whose picture points into the server's own network. */
const PRIVATE_IMAGES: Record<string, string> = {
  metadata: 'http://169.254.169.254/latest/meta-data/iam.png',
  internal: 'https://metadata.google.internal/computeMetadata/v1/x.png',
  port: 'https://example.org:6379/x.png',
};

/** How long the slow site takes to answer (below the 5 s fetch deadline). */
const SLOW_MS = 3_000;

/**
 * A site that answers every page after SLOW_MS, on every loopback address (127.0.0.0/8), so
 * one server stands in for many slow hosts.
 */
class SlowSite {
  private readonly server: Server;
  private readonly open = new Set<ServerResponse>();
  port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
      const timer = setTimeout(
        () => res.writeHead(200, { 'content-type': 'text/html' }).end(ogPage('slow')),
        SLOW_MS,
      );
      res.on('close', () => clearTimeout(timer));
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '0.0.0.0', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(host: string, path: string): string {
    return `http://${host}:${this.port}${path}`;
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/**
 * A real local web server standing in for the sites people link: pages with Open Graph tags,
 * redirects, a page that never ends, one that never answers. It counts the requests per path.
 */
class TestSite {
  readonly hits = new Map<string, number>();
  private readonly server: Server;
  private readonly open = new Set<ServerResponse>();
  base = '';

  constructor() {
    this.server = createServer((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
      this.route(path, res);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  hitsOf(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  private route(path: string, res: ServerResponse): void {
    const html = { 'content-type': 'text/html; charset=utf-8' };
    const page = /^\/page\/(\w+)$/.exec(path);
    if (page) return void res.writeHead(200, html).end(ogPage(page[1]));
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) {
      const left = Number(hop[1]);
      return void res
        .writeHead(302, { location: left > 0 ? `/hop/${left - 1}` : '/page/landed' })
        .end();
    }
    const privateImage = /^\/private-image\/(\w+)$/.exec(path);
    if (privateImage) {
      const image = PRIVATE_IMAGES[privateImage[1]];
      return void res.writeHead(200, html).end(ogPage(privateImage[1], image));
    }
    switch (path) {
      case '/to-file':
        return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      case '/endless': {
        // Streams HTML for as long as anyone reads it.
        res.writeHead(200, html);
        const chunk = `<p>${'x'.repeat(16_000)}</p>`;
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        return pump();
      }
      case '/huge':
        return void res.writeHead(200, { ...html, 'content-length': String(5_000_000) }).write('<');
      case '/silent':
        // Headers are never sent.
        return;
      case '/json':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      case '/gone':
        return void res.writeHead(404, html).end('<title>Not found</title>');
      default:
        return void res.writeHead(404).end();
    }
  }
}

describe('link previews', () => {
  const site = new TestSite();
  beforeAll(() => site.start());
  afterAll(() => site.close());

  describe('the fetch (SSRF rules)', () => {
    const strict = new PageFetcher(DEFAULT_FETCH_LIMITS, outboundPolicy());
    const open = new PageFetcher(DEFAULT_FETCH_LIMITS, outboundPolicy({ allowPrivate: true }));
    afterAll(() => Promise.all([strict.close(), open.close()]));

    it.each([
      ['loopback', 'http://127.0.0.1/page/a'],
      ['loopback on the test port', 'http://127.0.0.1:{port}/page/a'],
      ['localhost', 'http://localhost/page/a'],
      ['IPv6 loopback', 'http://[::1]/page/a'],
      ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/page/a'],
      ['a private network', 'http://10.0.0.7/'],
      ['a home network', 'http://192.168.1.1/'],
      ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
      ['another scheme', 'file:///etc/passwd'],
      ['ftp', 'ftp://127.0.0.1/'],
    ])('refuses %s without connecting', async (_what, link) => {
      const before = [...site.hits.values()].reduce((a, b) => a + b, 0);
      const url = link.replace('{port}', new URL(site.base).port);
      await expect(strict.fetch(url)).rejects.toBeInstanceOf(OutboundRefusedError);
      expect([...site.hits.values()].reduce((a, b) => a + b, 0)).toBe(before);
    });

    it('checks the resolved address at connect time: a name that resolves to loopback is refused', async () => {
      const port = new URL(site.base).port;
      const call = (allowPrivate: boolean) => {
        const agent = new Agent({
          connect: { lookup: guardedLookup(outboundPolicy({ allowPrivate })) },
        });
        return request(`http://localhost:${port}/page/dns`, { dispatcher: agent }).finally(() =>
          agent.close(),
        );
      };
      await expect(call(false)).rejects.toBeInstanceOf(OutboundRefusedError);
      expect(site.hitsOf('/page/dns')).toBe(0);
      // The same connection is made when the test-only setting allows it.
      const ok = await call(true);
      await ok.body.dump();
      expect(ok.statusCode).toBe(200);
      expect(site.hitsOf('/page/dns')).toBe(1);
    });

    it('follows up to three redirects, checking each target', async () => {
      const page = await open.fetch(`${site.base}/hop/2`);
      expect(page.url.pathname).toBe('/page/landed');
      expect(page.html).toContain('og:title');
      await expect(open.fetch(`${site.base}/hop/3`)).rejects.toThrow('too many redirects');
      // Even where private targets are allowed, a redirect to another scheme is not followed.
      await expect(open.fetch(`${site.base}/to-file`)).rejects.toThrow('scheme file:');
    });

    it('abandons a page larger than 1 MB, as it streams or as announced', async () => {
      await expect(open.fetch(`${site.base}/endless`)).rejects.toThrow('larger than 1048576');
      await expect(open.fetch(`${site.base}/huge`)).rejects.toThrow('larger than 1048576');
    });

    it('gives up at the deadline on a server that never answers', async () => {
      const quick = new PageFetcher(
        { ...DEFAULT_FETCH_LIMITS, timeoutMs: 300 },
        outboundPolicy({ allowPrivate: true }),
      );
      const started = Date.now();
      await expect(quick.fetch(`${site.base}/silent`)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3_000);
      await quick.close();
    });

    it('reads only HTML, and only a 200', async () => {
      await expect(open.fetch(`${site.base}/json`)).rejects.toThrow('not HTML');
      await expect(open.fetch(`${site.base}/gone`)).rejects.toThrow('HTTP 404');
    });
  });

  describe("in the chat (the operator's allow-list opens the local sites)", () => {
    const slow = new SlowSite();
    let t: TestApp;
    let db: Client;
    let alice: Session;
    let bob: Session;
    let conversationId: string;
    let bobSocket: TestClient;
    let redis: Redis;
    let queue: Queue;

    beforeAll(async () => {
      await slow.start();
      t = await startTestApp({
        OUTBOUND_ALLOW: '127.0.0.0/8',
        OUTBOUND_PORTS: `80,443,${new URL(site.base).port},${slow.port}`,
        RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
        RATE_LIMIT_MESSAGES_PER_DAY: '100000',
      });
      db = new Client({ connectionString: process.env.DATABASE_URL });
      await db.connect();
      [alice, bob] = [await register(t.url), await register(t.url)];
      conversationId = await asUser(t.url, alice).direct(bob);
      bobSocket = await connectClient(t.url, bob.accessToken);
      redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
      queue = new Queue(QueueName.LinkPreviews, { connection: redis });
    });
    afterAll(async () => {
      await queue.close();
      redis.disconnect();
      bobSocket.close();
      await db.end();
      await slow.close();
      await t.close();
    });

    const previewed = (messageId: string) =>
      bobSocket.waitFor(
        'message:updated',
        (m: any) => m.id === messageId && m.linkPreview !== null,
        15_000,
      );

    it('a message with a link gets its preview, announced to the members as message:updated', async () => {
      const link = `${site.base}/page/first`;
      const sent = await asUser(t.url, alice).send(conversationId, `look: ${link} !`);
      expect((sent as any).linkPreview).toBeNull();

      const updated: any = await previewed(sent.id);
      expect(updated.linkPreview).toEqual({
        url: link,
        title: 'first',
        description: 'All about first',
        imageUrl: `${site.base}/img/first.png`,
        siteName: 'Test site',
      });
      expect(updated).toMatchObject({ id: sent.id, body: `look: ${link} !`, seq: sent.seq });
      const page = await asUser(t.url, bob)
        .get(`/api/v1/conversations/${conversationId}/messages`)
        .expect(200);
      expect(page.body.items.find((m: any) => m.id === sent.id).linkPreview).toEqual(
        updated.linkPreview,
      );
    });

    it('a second message with the same link is served from the cache (one fetch)', async () => {
      const link = `${site.base}/page/cached`;
      const first = await asUser(t.url, alice).send(conversationId, link);
      await previewed(first.id);
      const second = await asUser(t.url, bob).send(conversationId, `again ${link}`);
      const updated: any = await previewed(second.id);
      expect(updated.linkPreview.title).toBe('cached');
      expect(site.hitsOf('/page/cached')).toBe(1);
    });

    it('a page that cannot be previewed leaves the message as it is, and is not asked again soon', async () => {
      const link = `${site.base}/gone`;
      const before = site.hitsOf('/gone');
      const sent = await asUser(t.url, alice).send(conversationId, link);
      await waitFor(
        async () =>
          (
            await db.query(`SELECT 1 FROM link_previews WHERE url = $1 AND status = 'failed'`, [
              link,
            ])
          ).rowCount,
        15_000,
        'the failure to be cached',
      );
      const row = await db.query('SELECT link_preview FROM messages WHERE id = $1', [sent.id]);
      expect(row.rows[0].link_preview).toBeNull();

      // The dead page is not fetched again for the next message, and the worker carries on.
      const again = await asUser(t.url, alice).send(conversationId, link);
      await waitFor(
        async () => (await queue.getJob(again.id))?.isCompleted(),
        15_000,
        'the second job to finish',
      );
      const next = await asUser(t.url, alice).send(conversationId, `${site.base}/page/after`);
      await previewed(next.id);
      const stored = await db.query('SELECT link_preview FROM messages WHERE id = $1', [again.id]);
      expect(stored.rows[0].link_preview).toBeNull();
      expect(site.hitsOf('/gone')).toBe(before + 1);
    });

    it('an edit that changes the first link drops the old preview and previews the new one', async () => {
      const sent = await asUser(t.url, alice).send(conversationId, `${site.base}/page/before`);
      await previewed(sent.id);
      const edited = await asUser(t.url, alice)
        .patch(`/api/v1/messages/${sent.id}`, { body: `now ${site.base}/page/edited` })
        .expect(200);
      expect(edited.body.linkPreview).toBeNull();
      const updated: any = await bobSocket.waitFor(
        'message:updated',
        (m: any) => m.id === sent.id && m.linkPreview?.title === 'edited',
        15_000,
      );
      expect(updated.body).toBe(`now ${site.base}/page/edited`);
    });
    it.each(Object.keys(PRIVATE_IMAGES))(
      'keeps the preview but not a picture that points into our network (%s)',
      async (name) => {
        const link = `${site.base}/private-image/${name}`;
        const sent = await asUser(t.url, alice).send(conversationId, link);
        const updated: any = await previewed(sent.id);
        expect(updated.linkPreview).toMatchObject({ title: name, imageUrl: null });
        const cached = await db.query('SELECT data FROM link_previews WHERE url = $1', [link]);
        expect(cached.rows[0].data.imageUrl).toBeNull();
      },
    );

    /** Registers `count` people, each in a direct conversation with bob. */
    const people = (count: number) =>
      Promise.all(
        Array.from({ length: count }, async () => {
          const person = await register(t.url);
          return { person, conversationId: await asUser(t.url, person).direct(bob) };
        }),
      );

    /** How long a fresh person's link to the quick site takes to get its preview. */
    const quickPreviewMs = async () => {
      const [{ person, conversationId: id }] = await people(1);
      const started = Date.now();
      const sent = await asUser(t.url, person).send(
        id,
        `${site.base}/page/${person.user.id.slice(0, 8)}`,
      );
      await previewed(sent.id);
      return Date.now() - started;
    };

    it("one person's many links to slow sites do not hold up anyone else's preview", async () => {
      const [{ person: mallory, conversationId: id }] = await people(1);
      // More slow fetches than the worker runs at once, each on its own host.
      for (let i = 0; i < 10; i++) {
        await asUser(t.url, mallory).send(id, slow.url(`127.0.0.${10 + i}`, `/m/${i}`));
      }
      expect(await quickPreviewMs()).toBeLessThan(SLOW_MS / 2);
    });

    it("many people's links to one slow site do not hold up previews of other sites", async () => {
      const flooders = await people(5);
      for (const { person, conversationId: id } of flooders) {
        for (let i = 0; i < 2; i++) {
          await asUser(t.url, person).send(id, slow.url('127.0.0.2', `/h/${person.user.id}/${i}`));
        }
      }
      expect(await quickPreviewMs()).toBeLessThan(SLOW_MS / 2);
    });
  });
});
