import { Injectable } from '@nestjs/common';
import {
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  ClientSecretBasic,
  type Configuration,
  customFetch,
  discovery,
  fetchUserInfo,
  None,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';
import { AppConfig } from '../../config/app-config';
import { guardedOidcFetch, oidcOutboundPolicy } from './oidc-outbound';

/** What a sign-in attempt must keep until the provider sends the browser back. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The person the provider vouched for, from a validated ID token. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  preferredUsername: string | null;
}

export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

const claimString = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * The identity provider, through `openid-client`: discovery (once, retried after a failure),
 * the authorization URL with state, nonce and a PKCE (S256) challenge, and the code exchange,
 * which checks the state, the ID token's signature, issuer, audience, expiry and nonce.
 */
@Injectable()
export class OidcProviderClient {
  private discovered: Promise<Configuration> | null = null;

  constructor(private readonly config: AppConfig) {}

  /** Registered at the provider as this client's redirect URI. */
  get redirectUri(): string {
    return `${this.config.PUBLIC_URL}${OIDC_CALLBACK_PATH}`;
  }

  /** The issuer as the provider names itself (and its ID tokens' `iss`). */
  async issuer(): Promise<string> {
    return (await this.configuration()).serverMetadata().issuer;
  }

  async authorizationUrl(): Promise<{ url: string; checks: AuthorizationChecks }> {
    const configuration = await this.configuration();
    const checks = {
      state: randomState(),
      nonce: randomNonce(),
      codeVerifier: randomPKCECodeVerifier(),
    };
    const url = buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile email',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, checks };
  }

  /** Exchanges the code the browser brought back; throws when any check fails. */
  async exchange(callbackQuery: string, checks: AuthorizationChecks): Promise<VerifiedIdentity> {
    const configuration = await this.configuration();
    const tokens = await authorizationCodeGrant(
      configuration,
      new URL(`${this.redirectUri}?${callbackQuery}`),
      {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      },
    );
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider answered without an ID token');
    // Some providers put profile and email claims only in UserInfo (OIDC Core 5.4); its `sub`
    // must be the ID token's (checked by fetchUserInfo).
    const profile = configuration.serverMetadata().userinfo_endpoint
      ? { ...(await fetchUserInfo(configuration, tokens.access_token, claims.sub)), ...claims }
      : claims;
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: claimString(profile.email),
      emailVerified: profile.email_verified === true,
      name: claimString(profile.name),
      preferredUsername: claimString(profile.preferred_username),
    };
  }

  private configuration(): Promise<Configuration> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      // An unreachable provider is tried again on the next sign-in.
      this.discovered = null;
      throw error;
    });
    return this.discovered;
  }

  private async discover(): Promise<Configuration> {
    const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = this.config;
    const issuer = new URL(OIDC_ISSUER!);
    const fetchThroughGate = guardedOidcFetch(oidcOutboundPolicy(this.config));
    const configuration = await discovery(
      issuer,
      OIDC_CLIENT_ID!,
      undefined,
      OIDC_CLIENT_SECRET ? ClientSecretBasic(OIDC_CLIENT_SECRET) : None(),
      {
        [customFetch]: fetchThroughGate,
        // Plain http is refused in production by the config check; tests run a local provider.
        execute: issuer.protocol === 'http:' ? [allowInsecureRequests] : [],
      },
    );
    // Discovery used it; the code exchange, the keys and userinfo must too.
    configuration[customFetch] = fetchThroughGate;
    return configuration;
  }
}
