import { type CustomFetch } from 'openid-client';
import { fetch } from 'undici';
import { outboundAgent } from '../../common/outbound/outbound-gate';
import {
  checkTarget,
  type OutboundPolicy,
  outboundPolicy,
} from '../../common/outbound/outbound-policy';

/** Discovery, the token exchange, the keys and userinfo each get this long. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The outbound gate for the identity provider. The issuer is the operator's own choice (often a
 * Keycloak on the internal network), so its host and port are allowed; every other address the
 * provider's discovery document names (token, keys, userinfo endpoints) goes through the same
 * checks as link previews and Web Push, so a compromised or misconfigured provider cannot make
 * the server call the cloud metadata service or a cluster-internal API.
 */
export function oidcOutboundPolicy(config: {
  OIDC_ISSUER?: string;
  OUTBOUND_ALLOW: string;
  OUTBOUND_PORTS: string;
}): OutboundPolicy {
  const issuer = new URL(config.OIDC_ISSUER!);
  const port = issuer.port || (issuer.protocol === 'https:' ? '443' : '80');
  return outboundPolicy({
    allow: [config.OUTBOUND_ALLOW, issuer.hostname.replace(/^\[|\]$/g, '')]
      .filter(Boolean)
      .join(','),
    ports: `${config.OUTBOUND_PORTS},${port}`,
  });
}

/**
 * openid-client's fetch: the URL is checked first (scheme, port, an address written in it, an
 * internal name), then every connection as it is opened (what a name resolves to). It follows
 * no redirect (openid-client asks for `manual`).
 */
export function guardedOidcFetch(policy: OutboundPolicy): CustomFetch {
  const agent = outboundAgent(policy, REQUEST_TIMEOUT_MS);
  return async (url, options) => {
    checkTarget(new URL(url), policy);
    return (await fetch(url, { ...options, dispatcher: agent })) as unknown as Response;
  };
}
