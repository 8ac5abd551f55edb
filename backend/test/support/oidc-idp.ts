import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type InteractionDetails, type KoaContext } from 'oidc-provider';

/** Who the next person to sign in at the provider is. */
export interface IdpPerson {
  sub: string;
  email?: string;
  name?: string;
  preferredUsername?: string;
}

export interface TestIdp {
  issuer: string;
  /** Registers the client's redirect URI (when it was not known at the start). */
  useRedirectUri(redirectUri: string): void;
  /** Who the provider's login signs in next (a browser driven by Playwright). */
  signInAs(person: IdpPerson): void;
  clientId: string;
  clientSecret: string;
  /** The authorization requests the provider received, as it parsed them. */
  requests: InteractionDetails['params'][];
  /**
   * Plays a browser at the provider: opens the authorization URL, signs in as `person` and
   * answers the URL the provider sends the browser back to (our callback with code and state).
   */
  authorize(authorizationUrl: string, person: IdpPerson): Promise<URL>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (the `oidc-provider` package) on a local port, with one confidential
 * client that must use PKCE. Its login "page" signs in whoever the test names; consent is
 * implied for our client.
 */
export async function startTestIdp(initialRedirectUri?: string): Promise<TestIdp> {
  const people = new Map<string, IdpPerson>();
  const requests: InteractionDetails['params'][] = [];
  let next: IdpPerson | null = null;
  let provider: Provider | null = null;
  let redirectUri = initialRedirectUri ?? '';

  const server: Server = createServer((req, res) => {
    if (!provider) return void res.writeHead(503).end();
    if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      requests.push(details.params);
      const person = next!;
      people.set(person.sub, person);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: person.sub } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'chat-test';
  const clientSecret = 'a-client-secret-for-tests-only';

  const configure = (uri: string) => {
    redirectUri = uri;
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [uri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'preferred_username'],
      },
      findAccount: (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: () => {
          const person = people.get(sub);
          return {
            sub,
            email: person?.email,
            email_verified: person?.email !== undefined,
            name: person?.name,
            preferred_username: person?.preferredUsername,
          };
        },
      }),
      // Our client's consent is implied, so a sign-in has one interaction: the login.
      loadExistingGrant: async (ctx: KoaContext) => {
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client.clientId,
          accountId: ctx.oidc.session.accountId,
        });
        grant.addOIDCScope('openid email profile');
        await grant.save();
        return grant;
      },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      features: { devInteractions: { enabled: false } },
      cookies: { keys: ['test-cookie-key'] },
      // Our own signing key and lifetimes, so the provider does not warn about its defaults.
      jwks: {
        keys: [
          {
            ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
              format: 'jwk',
            }),
            use: 'sig',
            kid: 'test',
          },
        ],
      },
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        IdToken: 600,
        Interaction: 600,
        Session: 600,
        Grant: 600,
      },
    });
  };
  if (initialRedirectUri) configure(initialRedirectUri);

  return {
    issuer,
    clientId,
    clientSecret,
    requests,
    useRedirectUri: configure,
    signInAs(person) {
      next = person;
    },
    async authorize(authorizationUrl, person) {
      next = person;
      // Each sign-in is a fresh browser at the provider: no session carried over.
      const jar = new Map<string, string>();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop += 1) {
        if (url.href.startsWith(redirectUri)) return url;
        const res = await fetch(url, {
          redirect: 'manual',
          headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const cookie of res.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          const eq = pair.indexOf('=');
          jar.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
        const location = res.headers.get('location');
        if (!location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
        url = new URL(location, url);
      }
      throw new Error('too many redirects at the provider');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections (the app's and the test's fetches) would hold close() open.
        server.closeAllConnections();
      }),
  };
}
