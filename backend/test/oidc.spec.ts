import { generate } from 'otplib';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { startTestIdp, type IdpPerson, type TestIdp } from './support/oidc-idp';
import { register, type Session } from './support/users';
import { freshDatabase } from './support/workspace';

const PUBLIC_URL = 'http://chat.test';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;
const PASSWORD = 'correct horse battery';

let people = 0;
const person = (name = 'Jane Doe'): IdpPerson => {
  people += 1;
  const sub = `sub-${Date.now().toString(36)}-${people}`;
  return { sub, name, email: `${sub}@corp.example`, preferredUsername: `jane_${people}` };
};

/** The value of a cookie the response sets, if it sets it (empty when it clears it). */
const setCookie = (res: request.Response, name: string): string | undefined => {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = header?.find((c) => c.startsWith(`${name}=`));
  return cookie?.slice(name.length + 1).split(';')[0];
};

/**
 * Single sign-on against a real OpenID provider (`oidc-provider`) on a local port: the browser
 * is played by the test (cookies carried by hand), the app's callback reached as the provider
 * redirects to it.
 */
describe('OpenID Connect sign-in', () => {
  let idp: TestIdp;
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    idp = await startTestIdp(CALLBACK);
    t = await startTestApp({
      DATABASE_URL: await freshDatabase('oidc'),
      PUBLIC_URL,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_LABEL: 'Acme ID',
    });
    admin = await register(t.url);
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  const api = () => request(t.url);
  const auth = (s: Session) => ({ authorization: `Bearer ${s.accessToken}` });
  const setRegistration = (registrationMode: string) =>
    api().patch('/api/v1/admin/settings').set(auth(admin)).send({ registrationMode }).expect(200);

  /** The browser's trip: our start (or link), the provider, back to our callback. */
  const startSignIn = async (query: Record<string, string> = {}) => {
    const start = await api().get('/api/v1/auth/oidc/start').query(query).expect(302);
    return {
      authorizationUrl: start.headers.location,
      state: setCookie(start, 'chat_oidc')!,
    };
  };
  const callback = (returned: URL, browserState: string | undefined) => {
    const req = api().get(`/api/v1/auth/oidc/callback${returned.search}`);
    return browserState === undefined ? req : req.set('cookie', `chat_oidc=${browserState}`);
  };
  const signInBySso = async (who: IdpPerson, query: Record<string, string> = {}) => {
    const { authorizationUrl, state } = await startSignIn(query);
    return callback(await idp.authorize(authorizationUrl, who), state).expect(302);
  };
  /** The web app's next step after landing on /sign-in/sso: the refresh cookie gives the pair. */
  const sessionFrom = async (landed: request.Response) => {
    expect(landed.headers.location).toBe(`${PUBLIC_URL}/sign-in/sso`);
    const refresh = setCookie(landed, 'chat_refresh');
    expect(refresh).toMatch(/^[\w-]{40,}$/);
    return (
      await api()
        .post('/api/v1/auth/refresh')
        .set('cookie', `chat_refresh=${refresh}`)
        .send({ refreshTokenTransport: 'body' })
        .expect(200)
    ).body as Session;
  };
  const audited = async (action: string, targetId: string) => {
    const res = await api()
      .get('/api/v1/admin/audit')
      .query({ action, limit: 100 })
      .set(auth(admin))
      .expect(200);
    return (res.body.items as { targetId: string; details: Record<string, unknown> }[]).filter(
      (e) => e.targetId === targetId,
    );
  };

  it('offers the configured provider on the sign-in page', async () => {
    const res = await api().get('/api/v1/auth/providers').expect(200);
    expect(res.body.oidc).toEqual({ label: 'Acme ID' });
  });

  it('creates an account for a new person, named after the provider’s claims, and signs it in again', async () => {
    const jane = person('Jane Doe');
    const first = await sessionFrom(await signInBySso(jane));
    expect(first.user).toMatchObject({ username: jane.preferredUsername, displayName: 'Jane Doe' });
    expect(first.accessToken).toEqual(expect.any(String));
    // The access token works like a password sign-in's.
    await api().get('/api/v1/users/me').set(auth(first)).expect(200);

    const again = await sessionFrom(await signInBySso(jane));
    expect(again.user.id).toBe(first.user.id);
    const events = await audited('account.sso_signed_in', first.user.id);
    expect(events.map((e) => e.details.accountCreated).sort()).toEqual([false, true]);
  });

  it('sends a state, a nonce and an S256 PKCE challenge, and the provider requires PKCE', async () => {
    const { authorizationUrl, state } = await startSignIn();
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get('state')).toBe(state);
    expect(params.get('nonce')).toMatch(/^[\w-]{40,}$/);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('redirect_uri')).toBe(CALLBACK);
    await idp.authorize(authorizationUrl, person());
    expect(idp.requests.at(-1)).toMatchObject({
      state,
      nonce: params.get('nonce'),
      code_challenge: params.get('code_challenge'),
      code_challenge_method: 'S256',
    });
  });

  it('refuses a tampered state, a callback in another browser, and a replayed callback', async () => {
    const { authorizationUrl, state } = await startSignIn();
    const returned = await idp.authorize(authorizationUrl, person());

    const tampered = new URL(returned);
    tampered.searchParams.set('state', `${state.slice(0, -2)}xx`);
    const refusedTampered = await callback(tampered, `${state.slice(0, -2)}xx`).expect(302);
    expect(refusedTampered.headers.location).toBe(`${PUBLIC_URL}/sign-in/sso?error=expired`);
    expect(setCookie(refusedTampered, 'chat_refresh')).toBeUndefined();

    // A stranger's browser (no cookie, or its own attempt's) cannot finish this sign-in.
    for (const browserState of [undefined, (await startSignIn()).state]) {
      const refused = await callback(returned, browserState).expect(302);
      expect(refused.headers.location).toBe(`${PUBLIC_URL}/sign-in/sso?error=expired`);
    }

    await sessionFrom(await callback(returned, state).expect(302));
    const replayed = await callback(returned, state).expect(302);
    expect(replayed.headers.location).toBe(`${PUBLIC_URL}/sign-in/sso?error=expired`);
  });

  it('refuses a code that does not match the state’s PKCE verifier', async () => {
    // The code from one attempt, brought back with another attempt's state (both genuine).
    const one = await startSignIn();
    const codeOfOne = (await idp.authorize(one.authorizationUrl, person())).searchParams.get(
      'code',
    )!;
    const two = await startSignIn();
    const returnedTwo = await idp.authorize(two.authorizationUrl, person());
    returnedTwo.searchParams.set('code', codeOfOne);
    const refused = await callback(returnedTwo, two.state).expect(302);
    expect(refused.headers.location).toBe(`${PUBLIC_URL}/sign-in/sso?error=failed`);
  });

  it('respects the registration policy for new people, never for linked accounts', async () => {
    const known = person();
    await sessionFrom(await signInBySso(known));
    await setRegistration('closed');
    try {
      const refused = await signInBySso(person());
      expect(refused.headers.location).toBe(`${PUBLIC_URL}/sign-in/sso?error=registration-closed`);
      expect(setCookie(refused, 'chat_refresh')).toBeUndefined();
      await sessionFrom(await signInBySso(known));

      await setRegistration('invite');
      const noInvite = await signInBySso(person());
      expect(noInvite.headers.location).toBe(`${PUBLIC_URL}/sign-in/sso?error=invite-required`);
      const invite = await api().post('/api/v1/invites').set(auth(admin)).send({}).expect(201);
      await sessionFrom(await signInBySso(person(), { inviteToken: invite.body.token as string }));
    } finally {
      await setRegistration('open');
    }
  });

  it('links an existing account from its settings; SSO then lands in it; unlinking ends that', async () => {
    const alice = await register(t.url, { password: PASSWORD });
    const identity = person('Alice at Acme');
    const noLink = await api().get('/api/v1/auth/oidc/link').set(auth(alice)).expect(200);
    expect(noLink.body).toMatchObject({ label: 'Acme ID', linked: false, hasPassword: true });

    const start = await api().post('/api/v1/auth/oidc/link').set(auth(alice)).expect(200);
    const returned = await idp.authorize(start.body.url as string, identity);
    const linked = await callback(returned, setCookie(start, 'chat_oidc')).expect(302);
    expect(linked.headers.location).toBe(`${PUBLIC_URL}/settings/security?sso=linked`);
    const status = await api().get('/api/v1/auth/oidc/link').set(auth(alice)).expect(200);
    expect(status.body).toMatchObject({ linked: true, email: identity.email });
    expect(await audited('account.sso_linked', alice.user.id)).toHaveLength(1);

    const viaSso = await sessionFrom(await signInBySso(identity));
    expect(viaSso.user.id).toBe(alice.user.id);

    // The same identity cannot be linked to a second account.
    const bob = await register(t.url);
    const bobStart = await api().post('/api/v1/auth/oidc/link').set(auth(bob)).expect(200);
    const bobReturned = await idp.authorize(bobStart.body.url as string, identity);
    const taken = await callback(bobReturned, setCookie(bobStart, 'chat_oidc')).expect(302);
    expect(taken.headers.location).toBe(`${PUBLIC_URL}/settings/security?sso=already-linked`);

    await api().delete('/api/v1/auth/oidc/link').set(auth(alice)).expect(204);
    expect(await audited('account.sso_unlinked', alice.user.id)).toHaveLength(1);
    await api().delete('/api/v1/auth/oidc/link').set(auth(alice)).expect(404);
    const afterUnlink = await sessionFrom(await signInBySso(identity));
    expect(afterUnlink.user.id).not.toBe(alice.user.id);
  });

  it('keeps an account made by SSO linked: without a password, unlinking is refused', async () => {
    const session = await sessionFrom(await signInBySso(person()));
    const status = await api().get('/api/v1/auth/oidc/link').set(auth(session)).expect(200);
    expect(status.body).toMatchObject({ linked: true, hasPassword: false });
    await api().delete('/api/v1/auth/oidc/link').set(auth(session)).expect(409);
  });

  it('asks for the two-factor code when the account has it on, as a password sign-in does', async () => {
    const identity = person();
    const session = await sessionFrom(await signInBySso(identity));
    const { secret } = (await api().post('/api/v1/auth/2fa/setup').set(auth(session)).expect(200))
      .body as { secret: string };
    await api()
      .post('/api/v1/auth/2fa/enable')
      .set(auth(session))
      .send({ code: await generate({ secret }) })
      .expect(200);

    const landed = await signInBySso(identity);
    expect(setCookie(landed, 'chat_refresh')).toBeUndefined();
    const match = /^http:\/\/chat\.test\/sign-in\/sso#challenge=(.+)$/.exec(
      landed.headers.location,
    );
    expect(match).not.toBeNull();
    const done = await api()
      .post('/api/v1/auth/login/2fa')
      .send({
        challengeToken: decodeURIComponent(match![1]),
        code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }),
      })
      .expect(200);
    expect(done.body.user.id).toBe(session.user.id);
  });

  it('says so when the person cancels at the provider', async () => {
    const { state } = await startSignIn();
    const res = await callback(
      new URL(`${CALLBACK}?error=access_denied&state=${state}`),
      state,
    ).expect(302);
    expect(res.headers.location).toBe(`${PUBLIC_URL}/sign-in/sso?error=cancelled`);
  });
});
