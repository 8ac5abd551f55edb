import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { OutboundRefusedError } from './address-policy';
import {
  checkTarget,
  isAllowedAddress,
  isAllowedHost,
  normalizeHost,
  type OutboundPolicy,
} from './outbound-policy';

/**
 * A resolver for the connections themselves: every address a host name resolves to is checked
 * as the socket is opened, so the address connected to is the one checked (a host that answers
 * a public address to a first lookup and a private one to the next gains nothing).
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = isAllowedHost(policy, hostname)
        ? undefined
        : addresses.find((a) => !isAllowedAddress(policy, a.address));
      if (refused || addresses.length === 0) {
        const reason = refused ? `resolves to ${refused.address}` : 'has no address';
        return callback(new OutboundRefusedError(`${hostname} ${reason}`), '', 0);
      }
      if (options.all)
        return (callback as (e: null, all: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * The URL's checks plus its host name's addresses now, for a destination stored to be used
 * later (a push endpoint): refused when any address is not allowed. A name that does not
 * resolve is let through: nothing can be reached through it, and every connection is checked
 * again by `guardedLookup`.
 */
export async function checkDestination(url: URL, policy: OutboundPolicy): Promise<void> {
  checkTarget(url, policy);
  const host = normalizeHost(url.hostname);
  if (policy.allowPrivate || isIP(host) !== 0 || isAllowedHost(policy, host)) return;
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return;
  }
  const refused = addresses.find((a) => !isAllowedAddress(policy, a.address));
  if (refused) throw new OutboundRefusedError(`${host} resolves to ${refused.address}`);
}

/** An HTTP client whose connections go through `guardedLookup`, bounded by `timeoutMs`. */
export function outboundAgent(policy: OutboundPolicy, timeoutMs: number): Agent {
  return new Agent({
    connect: { lookup: guardedLookup(policy), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}
