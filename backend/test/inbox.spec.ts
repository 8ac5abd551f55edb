import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

interface Item {
  conversationId: string;
  status: string;
  visitor: { id: string; displayName: string };
  widget: { id: string; name: string } | null;
  context: { product?: string; category?: string } | null;
  agent: { id: string; displayName: string } | null;
  requestedAt: string;
}

/**
 * Hand-off from a widget's bot to a person, on two API instances over one database and Redis:
 * the visitor asks, agents (admins and members with the support flag) and nobody else see it
 * live, a claim puts the agent in the conversation and keeps the bot quiet, a close gives the
 * visitor back to the bot.
 */
describe('hand-off inbox', () => {
  let a: TestApp;
  let b: TestApp;
  let db: Client;
  let admin: Session;
  let agent: Session;
  let member: Session;
  let widgetId: string;
  const clients: TestClient[] = [];
  const SHOP = 'http://shop.inbox.test:8080';
  let address = 0;

  const connect = async (app: TestApp, token: string) => {
    const client = await connectClient(app.url, token);
    clients.push(client);
    return client;
  };

  const visitor = async (widget = widgetId) => {
    const res = await request(a.url)
      .post(`/api/v1/widget/${widget}/sessions`)
      .set('origin', SHOP)
      .set('x-forwarded-for', `198.51.100.${(address += 1)}`)
      .send({ context: { product: 'Slim jeans', category: 'bottoms' } })
      .expect(201);
    const session = res.body as {
      guestToken: string;
      conversationId: string;
      user: Session['user'];
    };
    return {
      ...session,
      as: asUser(a.url, { user: session.user, accessToken: session.guestToken, refreshToken: '' }),
    };
  };

  /** The rows that make a bot answer a message (the trigger writes them with the message). */
  const botRequests = async (messageId: string) =>
    (await db.query(`SELECT 1 FROM bot_reply_outbox WHERE trigger_message_id = $1`, [messageId]))
      .rowCount;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(__dirname, '../scripts/build-widget.mjs')], {
      stdio: 'pipe',
    });
    const url = await freshDatabase('inbox');
    const env = { DATABASE_URL: url, TRUST_PROXY: 'loopback' };
    a = await startTestApp(env);
    b = await startTestApp(env);
    db = new Client({ connectionString: url });
    await db.connect();
    admin = await register(a.url);
    agent = await register(a.url);
    member = await register(a.url);
    await asUser(a.url, admin)
      .patch(`/api/v1/admin/users/${agent.user.id}`, { support: true })
      .expect(200)
      .expect((r) => expect(r.body.support).toBe(true));
    widgetId = (
      await asUser(a.url, admin)
        .post('/api/v1/widgets', {
          name: 'Jeans shop',
          botUsername: 'sizebot',
          allowedOrigins: [SHOP],
          handoff: true,
        })
        .expect(201)
    ).body.id;
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await db?.end();
    await b?.close();
    await a?.close();
  });

  it('an admin gives the support flag (audited); only agents reach the inbox: members 403, guests 403', async () => {
    const audit = await asUser(a.url, admin).get('/api/v1/admin/audit').expect(200);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'user.support_changed',
        targetId: agent.user.id,
        details: expect.objectContaining({ support: true }),
      }),
    );
    await asUser(a.url, agent).get('/api/v1/inbox?status=waiting').expect(200);
    await asUser(a.url, admin).get('/api/v1/inbox?status=mine').expect(200);
    await asUser(a.url, agent).get('/api/v1/inbox?status=everything').expect(400);

    const v = await visitor();
    await v.as.post(`/api/v1/conversations/${v.conversationId}/handoff`).expect(200);
    for (const who of [asUser(a.url, member), v.as]) {
      await who.get('/api/v1/inbox?status=waiting').expect(403);
      await who.post(`/api/v1/inbox/${v.conversationId}/claim`).expect(403);
      await who.post(`/api/v1/inbox/${v.conversationId}/close`).expect(403);
    }
    // A visitor asks only in their own conversation; a member cannot ask for anyone.
    const other = await visitor();
    await other.as.post(`/api/v1/conversations/${v.conversationId}/handoff`).expect(404);
    const direct = await asUser(a.url, member).direct(admin);
    await asUser(a.url, member).post(`/api/v1/conversations/${direct}/handoff`).expect(404);
  });

  it('a widget without hand-off refuses the request (409)', async () => {
    const plain = (
      await asUser(a.url, admin)
        .post('/api/v1/widgets', { name: 'Plain', botUsername: 'sizebot', allowedOrigins: [SHOP] })
        .expect(201)
    ).body.id as string;
    const v = await visitor(plain);
    await v.as.post(`/api/v1/conversations/${v.conversationId}/handoff`).expect(409);
  });

  it('request -> waiting for agents only, live on another instance; claim silences the bot; close gives it back', async () => {
    const agentOnB = await connect(b, agent.accessToken);
    const memberOnB = await connect(b, member.accessToken);
    const v = await visitor();
    const visitorSocket = await connect(a, v.guestToken);

    // The visitor asks: a system line in their conversation, the item to agents on instance b.
    const asked = await v.as.post(`/api/v1/conversations/${v.conversationId}/handoff`).expect(200);
    expect(asked.body).toEqual({ status: 'waiting', agent: null });
    const waiting: Item = await agentOnB.waitFor(
      'inbox:updated',
      (i: Item) => i.conversationId === v.conversationId && i.status === 'waiting',
    );
    expect(waiting).toMatchObject({
      visitor: { id: v.user.id },
      widget: { id: widgetId, name: 'Jeans shop' },
      context: { product: 'Slim jeans', category: 'bottoms' },
      agent: null,
    });
    await visitorSocket.waitFor(
      'message:new',
      (m: { system?: { action: string } }) => m.system?.action === 'handoff_requested',
    );
    // Agents read what the visitor and the bot said before claiming; members may not.
    const transcript = await asUser(b.url, agent)
      .get(`/api/v1/inbox/${v.conversationId}/messages`)
      .expect(200);
    expect(transcript.body.items.at(-1)).toMatchObject({ system: { action: 'handoff_requested' } });
    await asUser(b.url, member).get(`/api/v1/inbox/${v.conversationId}/messages`).expect(403);
    // Asking again changes nothing.
    await v.as.post(`/api/v1/conversations/${v.conversationId}/handoff`).expect(200);
    const list = await asUser(a.url, agent).get('/api/v1/inbox?status=waiting').expect(200);
    expect(list.body.filter((i: Item) => i.conversationId === v.conversationId)).toHaveLength(1);

    // The agent claims on instance a: a member now, the visitor sees who joined.
    const claimed = await asUser(a.url, agent)
      .post(`/api/v1/inbox/${v.conversationId}/claim`)
      .expect(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', agent: { id: agent.user.id } });
    await agentOnB.waitFor(
      'inbox:updated',
      (i: Item) => i.conversationId === v.conversationId && i.status === 'claimed',
    );
    const joined = await visitorSocket.waitFor(
      'message:new',
      (m: { system?: { action: string } }) => m.system?.action === 'handoff_claimed',
    );
    expect(joined.body).toBe(`${agent.user.displayName} joined the conversation`);
    await asUser(a.url, admin).post(`/api/v1/inbox/${v.conversationId}/claim`).expect(409);
    const mine = await asUser(b.url, agent).get('/api/v1/inbox?status=mine').expect(200);
    expect(mine.body.map((i: Item) => i.conversationId)).toContain(v.conversationId);
    const adminsMine = await asUser(b.url, admin).get('/api/v1/inbox?status=mine').expect(200);
    expect(adminsMine.body.map((i: Item) => i.conversationId)).not.toContain(v.conversationId);

    // The agent answers (their socket on b joined the room live); the visitor hears them.
    const reply = await agentOnB.emit<{ id: string }>('message:send', {
      conversationId: v.conversationId,
      clientMessageId: 'agent-1',
      body: 'Hi, I am here to help',
    });
    expect(reply.ok).toBe(true);
    await visitorSocket.waitFor(
      'message:new',
      (m: { sender: { id: string } }) => m.sender.id === agent.user.id,
    );

    // The visitor writes: the bot is not asked while a person is in.
    const question = await visitorSocket.emit<{ id: string }>('message:send', {
      conversationId: v.conversationId,
      clientMessageId: 'v-1',
      body: 'Which size for 180 cm?',
    });
    expect(question.ok).toBe(true);
    await agentOnB.waitFor(
      'message:new',
      (m: { clientMessageId: string }) => m.clientMessageId === 'v-1',
    );
    expect(await botRequests(question.ok ? question.data.id : '')).toBe(0);
    expect(await botRequests(reply.ok ? reply.data.id : '')).toBe(0);

    // Nobody but agents heard any of it.
    await memberOnB.barrier();
    expect(memberOnB.received('inbox:updated')).toEqual([]);
    expect(visitorSocket.received('inbox:updated')).toEqual([]);

    // Close: the agent leaves, the bot answers the next question.
    const closed = await asUser(a.url, agent)
      .post(`/api/v1/inbox/${v.conversationId}/close`)
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed' });
    await agentOnB.waitFor(
      'conversation:removed',
      (p: { conversationId: string }) => p.conversationId === v.conversationId,
    );
    const back = await visitorSocket.waitFor(
      'message:new',
      (m: { system?: { action: string } }) => m.system?.action === 'handoff_closed',
    );
    expect(back.body).toBe(`${agent.user.displayName} handed back to SizeBot`);
    await asUser(a.url, agent).post(`/api/v1/inbox/${v.conversationId}/close`).expect(409);
    const closedTab = await asUser(a.url, admin).get('/api/v1/inbox?status=closed').expect(200);
    expect(closedTab.body.map((i: Item) => i.conversationId)).toContain(v.conversationId);

    await visitorSocket.emit('message:send', {
      conversationId: v.conversationId,
      clientMessageId: 'v-2',
      body: "I'm 180 cm and 75 kg, which T-shirt size?",
    });
    const answer = await visitorSocket.waitFor(
      'message:updated',
      (m: { kind: string; status: string }) => m.kind === 'bot' && m.status === 'complete',
      15_000,
    );
    expect(answer.conversationId).toBe(v.conversationId);

    const audit = await asUser(a.url, admin).get('/api/v1/admin/audit').expect(200);
    const actions = (audit.body.items as { action: string; targetId: string; actorId: string }[])
      .filter((e) => e.targetId === v.conversationId)
      .map((e) => [e.action, e.actorId]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['inbox.claimed', agent.user.id],
        ['inbox.closed', agent.user.id],
      ]),
    );
  });
});
