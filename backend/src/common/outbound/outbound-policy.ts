import { BlockList, isIP } from 'node:net';
import { isForbiddenAddress, OutboundRefusedError } from './address-policy';

/**
 * Where the server's own requests (link previews and their images, Web Push, OIDC discovery,
 * webhooks) may go. Everything else is refused: private, loopback, link-local and metadata
 * addresses, internal names, other ports. The operator's allow-list opens exceptions.
 */
export interface OutboundPolicy {
  /** Tests only (the *_ALLOW_PRIVATE / *_INSECURE settings): any address and any port. */
  readonly allowPrivate: boolean;
  /** Ports a request may use; a URL without one uses its scheme's default (80, 443). */
  readonly ports: ReadonlySet<number>;
  /** Host names allowed whatever they resolve to: `name` exactly, `.name` and its subdomains. */
  readonly hosts: readonly string[];
  /** Addresses and networks allowed although they are not public. */
  readonly networks: BlockList;
}

export interface OutboundSettings {
  /** OUTBOUND_ALLOW: comma-separated host names, `.suffix`es, addresses and CIDR networks. */
  allow?: string;
  /** OUTBOUND_PORTS: comma-separated ports. */
  ports?: string;
  allowPrivate?: boolean;
}

/**
 * Names that only mean something inside a network: one label (`redis`, `metadata`), this
 * machine, mDNS, the reserved home/internal suffixes, Kubernetes services.
 */
const INTERNAL_SUFFIXES = [
  '.localhost',
  '.local',
  '.localdomain',
  '.internal',
  '.intranet',
  '.home.arpa',
  '.lan',
  '.corp',
  '.svc',
  '.cluster.local',
];

/** The policy from the settings; throws on an entry that is neither a name nor a network. */
export function outboundPolicy(settings: OutboundSettings = {}): OutboundPolicy {
  const ports = new Set(
    (settings.ports ?? '80,443')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map(Number),
  );
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new Error(`${port} is not a port`);
    }
  }
  const hosts: string[] = [];
  const networks = new BlockList();
  for (const entry of (settings.allow ?? '').split(',').map((e) => e.trim().toLowerCase())) {
    if (!entry) continue;
    const [address, prefix] = entry.split('/');
    const family = isIP(address);
    if (family !== 0) {
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
        throw new Error(`${entry} is not a network`);
      }
      networks.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
    } else if (/^\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(entry)) {
      hosts.push(entry);
    } else {
      throw new Error(`${entry} is neither a host name nor an address or network`);
    }
  }
  return { allowPrivate: settings.allowPrivate ?? false, ports, hosts, networks };
}

/** The policy from the configuration (OUTBOUND_ALLOW, OUTBOUND_PORTS). */
export function configuredPolicy(
  config: { OUTBOUND_ALLOW: string; OUTBOUND_PORTS: string },
  allowPrivate = false,
): OutboundPolicy {
  return outboundPolicy({
    allow: config.OUTBOUND_ALLOW,
    ports: config.OUTBOUND_PORTS,
    allowPrivate,
  });
}

/** A host name in lower case, without a trailing dot or IPv6 brackets. */
export function normalizeHost(host: string): string {
  return host
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** True when the operator's allow-list names this host. */
export function isAllowedHost(policy: OutboundPolicy, host: string): boolean {
  const name = normalizeHost(host);
  return policy.hosts.some((entry) =>
    entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry,
  );
}

/** True when a connection to this address is allowed (public, or on the allow-list). */
export function isAllowedAddress(policy: OutboundPolicy, address: string): boolean {
  if (policy.allowPrivate || !isForbiddenAddress(address)) return true;
  const family = isIP(address);
  return family !== 0 && policy.networks.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** True for a name that only resolves inside a network (see `INTERNAL_SUFFIXES`). */
export function isInternalName(host: string): boolean {
  const name = normalizeHost(host);
  return (
    !name.includes('.') ||
    name === 'localhost' ||
    INTERNAL_SUFFIXES.some((suffix) => name.endsWith(suffix))
  );
}

/**
 * What can be told from the URL alone: http(s) without credentials, on an allowed port, whose
 * host is not a forbidden address literal or an internal name. Host names are checked again
 * on every connection, against each address they resolve to (see `guardedLookup`).
 */
export function checkTarget(url: URL, policy: OutboundPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRefusedError(`scheme ${url.protocol} is not fetched`);
  }
  if (url.username || url.password) throw new OutboundRefusedError('links with credentials');
  if (policy.allowPrivate) return;
  // The URL parser drops a scheme's default port: an empty port is that default.
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (!policy.ports.has(port)) throw new OutboundRefusedError(`port ${port} is not fetched`);
  const host = normalizeHost(url.hostname);
  if (isIP(host) !== 0) {
    if (!isAllowedAddress(policy, host)) {
      throw new OutboundRefusedError(`${host} is not a public address`);
    }
  } else if (!isAllowedHost(policy, host) && isInternalName(host)) {
    throw new OutboundRefusedError(`${host} is an internal name`);
  }
}
