import { startTestApp, type TestApp } from './support/app';
import { waitFor } from './support/services';
import { register, type Session, uniqueUsername } from './support/users';
import { freshDatabase } from './support/workspace';

/**
 * Every operation of the OpenAPI document, called as each kind of caller, answers the status
 * its rule says. The operations come from the running app's document, so a route without a rule
 * fails this test. Conversation-scoped operations never reveal a conversation to a non-member:
 * 404, never 403. Workspace-admin operations (`x-admin-only`) refuse everyone else: 403.
 * `admin` and `owner` are conversation roles; `serverAdmin` is the workspace's admin. `guest` is
 * a widget visitor (a guest token): every signed-in operation refuses it (403) unless it is on
 * the guest allow-list (`x-guest-allowed`, exactly GUEST_ALLOWED below), and those reach only
 * the guest's own conversation (the world's group answers 404).
 */

const ROLES = [
  'anonymous',
  'nonMember',
  'member',
  'admin',
  'owner',
  'serverAdmin',
  'guest',
] as const;
type Role = (typeof ROLES)[number];
const SIGNED_IN: Role = 'member';
/** The operations a widget visitor's token may call; `x-guest-allowed` must mark exactly these. */
const GUEST_ALLOWED = [
  'getMe',
  'getConversation',
  'listMessages',
  'sendMessage',
  'markRead',
  'streamConversationEvents',
  'requestHandoff',
];
const SHOP_ORIGIN = 'http://shop.matrix.test';

/** A fresh group per call: owner, admin, member and a plain member to act on, with messages. */
interface World {
  conversationId: string;
  /** A plain member that removeMember / changeMemberRole act on. */
  targetId: string;
  /** A message the `member` wrote. */
  memberMessageId: string;
}

interface Call {
  headers?: Record<string, string>;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

interface Rule {
  /**
   * `public`: no token needed (called anonymously only); `user`: any signed-in user (called
   * anonymously and signed in); `conversation`: all five roles on a group; `serverAdmin`: the
   * workspace's admins only (called anonymously, as a member and as the admin).
   */
  scope: 'public' | 'user' | 'conversation' | 'serverAdmin';
  call: (w: World) => Call | Promise<Call>;
  expect: Partial<Record<Role, number>>;
}

/** A 2x2 PNG for the upload operations (multipart bodies). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAE0lEQVQImWP4z8DwnwGM/zMwAAAf7gP9qS/A4gAAAABJRU5ErkJggg==',
  'base64',
);
const pngForm = () => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'a.png');
  return form;
};

const conversation = (call: Rule['call'], member: number, admin: number, owner: number): Rule => ({
  scope: 'conversation',
  call,
  expect: { anonymous: 401, nonMember: 404, member, admin, owner },
});
const user = (call: Rule['call'], status: number): Rule => ({
  scope: 'user',
  call,
  expect: { anonymous: 401, [SIGNED_IN]: status },
});
const serverAdmin = (call: Rule['call'], status: number): Rule => ({
  scope: 'serverAdmin',
  call,
  expect: { anonymous: 401, [SIGNED_IN]: 403, serverAdmin: status },
});
/** Invites: admins, and members only when `membersCanInvite` is on (off here, the default). */
const inviter = (call: Rule['call'], status: number): Rule => ({
  scope: 'user',
  call,
  expect: { anonymous: 401, [SIGNED_IN]: 403, serverAdmin: status },
});
/** The support inbox: agents (workspace admins, or members with the support flag) only. */
const supportAgent = (call: Rule['call'], status: number): Rule => ({
  scope: 'user',
  call,
  expect: { anonymous: 401, [SIGNED_IN]: 403, serverAdmin: status },
});
const open = (call: Rule['call'], status: number): Rule => ({
  scope: 'public',
  call,
  expect: { anonymous: status },
});

describe('authorization matrix (every operation of the OpenAPI document)', () => {
  let t: TestApp;
  let sessions: Record<Exclude<Role, 'anonymous' | 'guest'>, Session>;
  let guest: { accessToken: string; conversationId: string };
  let widgetId: string;
  let other: Session;
  const password = 'correct horse battery';

  const http = async (
    method: string,
    path: string,
    token: string | null,
    { query, body, headers }: Call = {},
  ) => {
    const url = new URL(path, t.url);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method: method.toUpperCase(),
      headers: {
        // FormData sets its own multipart content type.
        ...(body === undefined || body instanceof FormData
          ? {}
          : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
    });
    // An event stream never ends: its status is the answer.
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, text: '' };
    }
    const text = await res.text();
    return { status: res.status, text };
  };
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
  /** A reminder of the `member` (the signed-in caller of `user` rules), in a world of its own. */
  const memberReminder = async (): Promise<string> => {
    const w = await newWorld();
    const res = await http(
      'post',
      `/api/v1/messages/${w.memberMessageId}/remind`,
      sessions.member.accessToken,
      { body: { at: inAnHour() } },
    );
    return (JSON.parse(res.text) as { id: string }).id;
  };
  /** A message the `member` scheduled in the world's group. */
  const memberScheduled = async (): Promise<string> => {
    const w = await newWorld();
    const res = await http(
      'post',
      `/api/v1/conversations/${w.conversationId}/messages`,
      sessions.member.accessToken,
      {
        body: {
          clientMessageId: `matrix-${Math.random().toString(36).slice(2)}`,
          body: 'later',
          sendAt: inAnHour(),
        },
      },
    );
    return (JSON.parse(res.text) as { id: string }).id;
  };
  /** An attachment the `member` uploaded to the world's group. */
  /** An attachment the `member` uploaded and sent: the other members may then read it. */
  const memberAttachment = async (w: World) => {
    const { id } = (await ok(
      'POST',
      `/conversations/${w.conversationId}/attachments`,
      sessions.member,
      pngForm(),
    ))!;
    await ok('POST', `/conversations/${w.conversationId}/messages`, sessions.member, {
      clientMessageId: `att-${crypto.randomUUID()}`,
      attachmentIds: [id],
    });
    return { params: { id } };
  };
  /** A fresh invite created by the workspace's admin. */
  const newInvite = async () =>
    (await ok('POST', '/invites', sessions.serverAdmin, {})) as unknown as {
      id: string;
      token: string;
    };
  const newWidget = async () =>
    (await ok('POST', '/widgets', sessions.serverAdmin, {
      name: 'Shop',
      botUsername: 'sizebot',
      allowedOrigins: [SHOP_ORIGIN],
    }))!;
  const ok = async (method: string, path: string, session: Session, body?: unknown) => {
    const res = await http(method, `/api/v1${path}`, session.accessToken, { body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.text ? (JSON.parse(res.text) as { id: string }) : null;
  };

  const newWorld = async (): Promise<World> => {
    const { owner, admin, member } = sessions;
    const target = await register(t.url);
    const group = (await ok('POST', '/conversations', owner, {
      type: 'group',
      title: 'Matrix',
      memberIds: [admin.user.id, member.user.id, target.user.id],
    }))!;
    await ok('PATCH', `/conversations/${group.id}/members/${admin.user.id}`, owner, {
      role: 'admin',
    });
    const message = (await ok('POST', `/conversations/${group.id}/messages`, member, {
      clientMessageId: uniqueUsername('m'),
      body: 'hello matrix',
    }))!;
    return { conversationId: group.id, targetId: target.user.id, memberMessageId: message.id };
  };

  const RULES: Record<string, Rule> = {
    // Public: auth and probes.
    register: open(() => ({ body: { username: uniqueUsername('reg'), password } }), 201),
    login: open(() => ({ body: { username: other.user.username, password } }), 200),
    refresh: open(async () => {
      const fresh = await http('post', '/api/v1/auth/login', null, {
        body: { username: other.user.username, password },
      });
      return { body: { refreshToken: (JSON.parse(fresh.text) as Session).refreshToken } };
    }, 200),
    logout: open(async () => {
      const fresh = await http('post', '/api/v1/auth/login', null, {
        body: { username: other.user.username, password },
      });
      return { body: { refreshToken: (JSON.parse(fresh.text) as Session).refreshToken } };
    }, 204),
    health: open(() => ({}), 200),
    ready: open(() => ({}), 200),
    // Avatars are public by design: an <img> sends no token.
    getAvatar: open(async () => {
      const { avatarUrl } = (await ok('PUT', '/users/me/avatar', other, pngForm())) as unknown as {
        avatarUrl: string;
      };
      const [, , , , userId, version] = avatarUrl.split('/');
      return { params: { userId, version } };
    }, 200),
    getPushConfig: open(() => ({}), 200),
    checkInvite: open(async () => ({ params: { token: (await newInvite()).token } }), 200),
    getRegistration: open(() => ({}), 200),
    getAuthProviders: open(() => ({}), 200),
    // Single sign-on is not configured here: its routes answer 404 to everyone (test/oidc.spec.ts
    // covers them configured).
    startOidcSignIn: open(() => ({}), 404),
    oidcCallback: open(() => ({ query: { code: 'c', state: 's' } }), 404),
    loginTwoFactor: open(() => ({ body: { challengeToken: 'none', code: '000000' } }), 401),
    forgotPassword: open(() => ({ body: { login: other.user.username } }), 202),
    // A throwaway account: a reset ends every session of it.
    resetPassword: open(async () => {
      const { url } = (await ok(
        'POST',
        `/admin/users/${(await register(t.url)).user.id}/reset-link`,
        sessions.serverAdmin,
      )) as unknown as { url: string };
      return { body: { token: url.split('/').at(-1)!, newPassword: password } };
    }, 204),
    // Only a mailed link verifies (no mail here): any other token is refused alike.
    verifyEmail: open(() => ({ body: { token: 'not-a-mailed-token' } }), 403),
    createGuestSession: open(
      () => ({ params: { id: widgetId }, headers: { origin: SHOP_ORIGIN } }),
      201,
    ),

    // Any signed-in user.
    getMe: user(() => ({}), 200),
    getMyStorageUsage: user(() => ({}), 200),
    uploadAvatar: user(() => ({ body: pngForm() }), 200),
    updateMe: user(() => ({ body: { displayName: 'Mia M.' } }), 200),
    searchUsers: user(() => ({ query: { query: 'a' } }), 200),
    getUser: user(() => ({ params: { id: other.user.id } }), 200),
    listBots: user(() => ({}), 200),
    getPresence: user(() => ({ query: { userIds: other.user.id } }), 200),
    listConversations: user(() => ({}), 200),
    listChannels: user(() => ({ query: { query: 'general' } }), 200),
    listThreads: user(() => ({}), 200),
    listSaved: user(() => ({}), 200),
    // An https endpoint and well-formed keys (65-byte point, 16-byte secret); nothing is sent.
    subscribePush: user(
      () => ({
        body: {
          endpoint: `https://push.example.com/${uniqueUsername('sub')}`,
          keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
        },
      }),
      204,
    ),
    unsubscribePush: user(() => ({ body: { endpoint: 'https://push.example.com/none' } }), 204),
    changePassword: user(
      () => ({ body: { currentPassword: password, newPassword: password } }),
      204,
    ),
    listSessions: user(() => ({}), 200),
    getTwoFactorStatus: user(() => ({}), 200),
    setupTwoFactor: user(() => ({}), 200),
    // A wrong code after a setup (a right one would turn two-factor on for later rules' logins).
    enableTwoFactor: user(async () => {
      await ok('POST', '/auth/2fa/setup', sessions.member);
      return { body: { code: '000000' } };
    }, 403),
    disableTwoFactor: user(() => ({ body: { password, code: '000000' } }), 409),
    // Another session of the member's, made for the call.
    endSession: user(async () => {
      const { accessToken } = JSON.parse(
        (
          await http('post', '/api/v1/auth/login', null, {
            body: { username: sessions.member.user.username, password },
          })
        ).text,
      ) as Session;
      const mine = JSON.parse((await http('get', '/api/v1/auth/sessions', accessToken)).text) as {
        id: string;
        current: boolean;
      }[];
      return { params: { id: mine.find((s) => s.current)!.id } };
    }, 204),
    endOtherSessions: user(() => ({}), 204),
    resendVerification: user(() => ({}), 202),
    // A wrong password: a right one would delete the member the other rules act as.
    deleteMe: user(() => ({ body: { password: 'not the password' } }), 403),
    startOidcLink: user(() => ({}), 404),
    getOidcLink: user(() => ({}), 404),
    unlinkOidc: user(() => ({}), 404),
    startDataExport: user(() => ({}), 202),
    getDataExport: user(() => ({}), 200),
    // The link is the credential: an unknown export answers 404, never revealing one exists.
    downloadDataExport: open(
      () => ({
        params: { id: '00000000-0000-4000-8000-000000000000' },
        query: { token: 'not-a-token' },
      }),
      404,
    ),
    createConversation: user(
      () => ({ body: { type: 'group', title: 'New', memberIds: [other.user.id] } }),
      201,
    ),

    // The workspace's admins only.
    listAdminUsers: serverAdmin(() => ({ query: { query: 'a' } }), 200),
    updateAdminUser: serverAdmin(
      () => ({ params: { id: other.user.id }, body: { serverRole: 'member' } }),
      200,
    ),
    createResetLink: serverAdmin(() => ({ params: { id: other.user.id } }), 200),
    getSettings: serverAdmin(() => ({}), 200),
    updateSettings: serverAdmin(() => ({ body: { workspaceName: 'Matrix' } }), 200),
    listAuditEvents: serverAdmin(() => ({}), 200),
    createInvite: inviter(() => ({ body: { maxUses: 1 } }), 201),
    listInvites: inviter(() => ({}), 200),
    revokeInvite: inviter(async () => ({ params: { id: (await newInvite()).id } }), 204),
    createWidget: serverAdmin(
      () => ({ body: { name: 'Shop', botUsername: 'sizebot', allowedOrigins: [SHOP_ORIGIN] } }),
      201,
    ),
    listWidgets: serverAdmin(() => ({}), 200),
    updateWidget: serverAdmin(
      async () => ({ params: { id: (await newWidget()).id }, body: { handoff: true } }),
      200,
    ),
    deleteWidget: serverAdmin(async () => ({ params: { id: (await newWidget()).id } }), 204),
    listInbox: supportAgent(() => ({ query: { status: 'waiting' } }), 200),
    // Past authorization an agent meets the state rule: nobody asked for a person there.
    listInboxTranscript: supportAgent(
      () => ({ params: { conversationId: guest.conversationId } }),
      404,
    ),
    claimInboxConversation: supportAgent(
      () => ({ params: { conversationId: guest.conversationId } }),
      404,
    ),
    closeInboxConversation: supportAgent(
      () => ({ params: { conversationId: guest.conversationId } }),
      404,
    ),
    // Only a widget visitor asks, in their own conversation: a group's members get 404.
    requestHandoff: conversation((w) => ({ params: { id: w.conversationId } }), 404, 404, 404),

    // One conversation: member, admin, owner (anonymous 401 and non-member 404 for all).
    getConversation: conversation((w) => ({ params: { id: w.conversationId } }), 200, 200, 200),
    renameConversation: conversation(
      (w) => ({ params: { id: w.conversationId }, body: { title: 'Renamed' } }),
      403,
      200,
      200,
    ),
    addMembers: conversation(
      (w) => ({ params: { id: w.conversationId }, body: { userIds: [other.user.id] } }),
      403,
      200,
      200,
    ),
    removeMember: conversation(
      (w) => ({ params: { id: w.conversationId, userId: w.targetId } }),
      403,
      204,
      204,
    ),
    deleteConversation: conversation((w) => ({ params: { id: w.conversationId } }), 403, 403, 204),
    // Joining answers a member with the summary; a group is no channel: 404 to anyone else.
    joinChannel: conversation((w) => ({ params: { id: w.conversationId } }), 200, 200, 200),
    archiveConversation: conversation((w) => ({ params: { id: w.conversationId } }), 403, 200, 200),
    unarchiveConversation: conversation(
      (w) => ({ params: { id: w.conversationId } }),
      403,
      200,
      200,
    ),
    changeMemberRole: conversation(
      (w) => ({ params: { id: w.conversationId, userId: w.targetId }, body: { role: 'admin' } }),
      403,
      403,
      200,
    ),
    muteConversation: conversation(
      (w) => ({ params: { id: w.conversationId }, body: { muted: true } }),
      200,
      200,
      200,
    ),
    markRead: conversation(
      (w) => ({ params: { id: w.conversationId }, body: { seq: 1 } }),
      204,
      204,
      204,
    ),
    listMessages: conversation((w) => ({ params: { id: w.conversationId } }), 200, 200, 200),
    streamConversationEvents: conversation(
      (w) => ({ params: { id: w.conversationId } }),
      200,
      200,
      200,
    ),
    sendMessage: conversation(
      (w) => ({
        params: { id: w.conversationId },
        body: { clientMessageId: uniqueUsername('c'), body: 'hi' },
      }),
      201,
      201,
      201,
    ),
    searchMessages: conversation(
      (w) => ({ query: { q: 'matrix', conversationId: w.conversationId } }),
      200,
      200,
      200,
    ),
    // The member wrote the message: only they edit it; group admins and the owner may delete it.
    editMessage: conversation(
      (w) => ({ params: { id: w.memberMessageId }, body: { body: 'edited' } }),
      200,
      403,
      403,
    ),
    deleteMessage: conversation((w) => ({ params: { id: w.memberMessageId } }), 204, 204, 204),
    // Members get past authorization and meet the state rule: a text message is no bot reply.
    stopBotReply: conversation((w) => ({ params: { id: w.memberMessageId } }), 409, 409, 409),
    retryBotReply: conversation((w) => ({ params: { id: w.memberMessageId } }), 409, 409, 409),
    // Any member uploads and downloads the conversation's attachments.
    uploadAttachment: conversation(
      (w) => ({ params: { id: w.conversationId }, body: pngForm() }),
      201,
      201,
      201,
    ),
    getAttachment: conversation(memberAttachment, 200, 200, 200),
    getAttachmentThumbnail: conversation(
      async (w) => {
        const call = await memberAttachment(w);
        // The thumbnail exists once the worker made it.
        await waitFor(
          async () => {
            const res = await http(
              'get',
              `/api/v1/attachments/${call.params.id}/thumbnail`,
              sessions.member.accessToken,
            );
            return res.status === 200;
          },
          15_000,
          'the thumbnail',
        );
        return call;
      },
      200,
      200,
      200,
    ),
    // Any member reacts to any message, and marks a conversation unread for themselves.
    addReaction: conversation(
      (w) => ({ params: { id: w.memberMessageId, emoji: '👍' } }),
      200,
      200,
      200,
    ),
    removeReaction: conversation(
      (w) => ({ params: { id: w.memberMessageId, emoji: '👍' } }),
      200,
      200,
      200,
    ),
    // Threads of the member's message: any member reads, follows and marks them read.
    listThreadReplies: conversation((w) => ({ params: { id: w.memberMessageId } }), 200, 200, 200),
    followThread: conversation((w) => ({ params: { id: w.memberMessageId } }), 204, 204, 204),
    unfollowThread: conversation((w) => ({ params: { id: w.memberMessageId } }), 204, 204, 204),
    markThreadRead: conversation(
      (w) => ({ params: { id: w.memberMessageId }, body: { seq: 1 } }),
      204,
      204,
      204,
    ),
    // Any member pins for everyone and saves for themself.
    pinMessage: conversation((w) => ({ params: { id: w.memberMessageId } }), 204, 204, 204),
    unpinMessage: conversation((w) => ({ params: { id: w.memberMessageId } }), 204, 204, 204),
    listPins: conversation((w) => ({ params: { id: w.conversationId } }), 200, 200, 200),
    saveMessage: conversation((w) => ({ params: { id: w.memberMessageId } }), 204, 204, 204),
    unsaveMessage: conversation((w) => ({ params: { id: w.memberMessageId } }), 204, 204, 204),
    // Any member forwards a message they can read to a conversation of theirs.
    forwardMessage: conversation(
      (w) => ({ params: { id: w.memberMessageId }, body: { conversationIds: [w.conversationId] } }),
      201,
      201,
      201,
    ),
    markUnread: conversation(
      (w) => ({ params: { id: w.conversationId }, body: { seq: 1 } }),
      200,
      200,
      200,
    ),
    // Any member sets a reminder about a message they can read; reminders and scheduled
    // messages are then the caller's own (anyone else's id: 404).
    remindMe: conversation(
      (w) => ({ params: { id: w.memberMessageId }, body: { at: inAnHour() } }),
      201,
      201,
      201,
    ),
    listReminders: user(() => ({}), 200),
    cancelReminder: user(async () => ({ params: { id: await memberReminder() } }), 204),
    listScheduled: user(() => ({}), 200),
    editScheduled: user(
      async () => ({ params: { id: await memberScheduled() }, body: { body: 'later still' } }),
      200,
    ),
    cancelScheduled: user(async () => ({ params: { id: await memberScheduled() } }), 204),
  };

  let operations: {
    method: string;
    path: string;
    operationId: string;
    secured: boolean;
    adminOnly: boolean;
    guestAllowed: boolean;
  }[];

  beforeAll(async () => {
    // A database of its own: the first person to register there is its admin, nobody else.
    t = await startTestApp({
      DATABASE_URL: await freshDatabase('matrix'),
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
      RATE_LIMIT_UPLOADS_PER_MINUTE: '100000',
    });
    const workspaceAdmin = await register(t.url);
    const [owner, admin, member, nonMember] = await Promise.all([
      register(t.url),
      register(t.url),
      register(t.url),
      register(t.url),
    ]);
    sessions = { owner, admin, member, nonMember, serverAdmin: workspaceAdmin };
    other = await register(t.url, { password });
    widgetId = (await newWidget()).id;
    const visitor = await http('post', `/api/v1/widget/${widgetId}/sessions`, null, {
      headers: { origin: SHOP_ORIGIN },
    });
    const started = JSON.parse(visitor.text) as { guestToken: string; conversationId: string };
    guest = { accessToken: started.guestToken, conversationId: started.conversationId };
    const document = JSON.parse((await http('get', '/docs-json', null)).text) as {
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string;
            security?: unknown[];
            'x-admin-only'?: boolean;
            'x-guest-allowed'?: boolean;
          }
        >
      >;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method,
        path,
        operationId: op.operationId,
        secured: (op.security ?? []).length > 0,
        adminOnly: op['x-admin-only'] === true,
        guestAllowed: op['x-guest-allowed'] === true,
      })),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has a rule for every operation in the document, and none for a missing one', () => {
    const documented = operations.map((o) => o.operationId).sort();
    expect(documented.filter((id) => !RULES[id])).toEqual([]);
    expect(Object.keys(RULES).filter((id) => !documented.includes(id))).toEqual([]);
  });

  it('rules agree with the document and the contract: bearer operations refuse anonymous callers with 401; non-members get 404; admin-only operations are marked so', () => {
    expect(sessions.serverAdmin.user).toMatchObject({ serverRole: 'admin' });
    expect(sessions.member.user).toMatchObject({ serverRole: 'member' });
    for (const op of operations) {
      const rule = RULES[op.operationId];
      if (!rule) continue;
      expect({ op: op.operationId, public: !op.secured, adminOnly: op.adminOnly }).toEqual({
        op: op.operationId,
        public: rule.scope === 'public',
        adminOnly: rule.scope === 'serverAdmin',
      });
      if (rule.scope === 'conversation') {
        expect({ op: op.operationId, nonMember: rule.expect.nonMember }).toEqual({
          op: op.operationId,
          nonMember: 404,
        });
      }
    }
  });

  it('marks exactly the guest allow-list, and only signed-in operations, as open to guests', () => {
    expect(
      operations
        .filter((o) => o.guestAllowed)
        .map((o) => o.operationId)
        .sort(),
    ).toEqual([...GUEST_ALLOWED].sort());
    for (const op of operations.filter((o) => o.guestAllowed)) expect(op.secured).toBe(true);
  });

  /**
   * A guest calls every signed-in operation: 403 off the allow-list; on it, the world's group
   * is not theirs (404), and getMe is their own profile (200).
   */
  const guestStatus = (operationId: string, scope: Rule['scope']): number => {
    if (!GUEST_ALLOWED.includes(operationId)) return 403;
    return scope === 'conversation' ? 404 : 200;
  };

  it('answers every operation with the status its rule gives each caller', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const op of operations) {
      const rule = RULES[op.operationId];
      if (!rule) continue;
      for (const role of ROLES) {
        const status =
          role === 'guest'
            ? op.secured
              ? guestStatus(op.operationId, rule.scope)
              : undefined
            : rule.expect[role];
        if (status === undefined) continue;
        // A fresh group per call, so one caller's success cannot change the next one's answer.
        const world = rule.scope === 'conversation' ? await newWorld() : null;
        const call = await rule.call(world!);
        const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => call.params![name]);
        const token =
          role === 'anonymous'
            ? null
            : role === 'guest'
              ? guest.accessToken
              : sessions[role].accessToken;
        const res = await http(op.method, path, token, call);
        seen.push(`${op.operationId} as ${role}: ${res.status}`);
        expected.push(`${op.operationId} as ${role}: ${status}`);
      }
    }
    expect(seen).toEqual(expected);
    expect(seen.length).toBeGreaterThan(operations.length);
  });
});
