import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, type Dispatcher, request } from 'undici';
import {
  checkTarget,
  isForbiddenAddress,
  LinkRefusedError,
  type TargetPolicy,
} from './address-policy';

export interface FetchLimits extends TargetPolicy {
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  /** A page larger than this is abandoned while it downloads. */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: Omit<FetchLimits, 'allowPrivate'> = {
  timeoutMs: 5_000,
  maxBytes: 1_048_576,
  maxRedirects: 3,
};

export interface FetchedPage {
  /** Where the page was found, after redirects: relative links resolve against it. */
  url: URL;
  html: string;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A resolver for the connections themselves: every address a host name resolves to is checked
 * as the socket is opened, so the address connected to is the one checked (a host that answers
 * a public address to a first lookup and a private one to the next gains nothing).
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = policy.allowPrivate
        ? undefined
        : addresses.find((a) => isForbiddenAddress(a.address));
      if (refused || addresses.length === 0) {
        const reason = refused ? `resolves to ${refused.address}` : 'has no address';
        return callback(new LinkRefusedError(`${hostname} ${reason}`), '', 0);
      }
      if (options.all)
        return (callback as (e: null, all: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * Fetches a page for its preview under the SSRF rules: only http(s) on the default ports, no
 * private or local address (checked on the URL and again at connect time), at most
 * `maxRedirects` redirects each checked the same way, one deadline for everything, and at most
 * `maxBytes` of HTML read. Throws when any of that fails.
 */
export class PageFetcher {
  private readonly agent: Agent;

  constructor(private readonly limits: FetchLimits) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(limits), timeout: limits.timeoutMs },
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
    });
  }

  async fetch(link: string): Promise<FetchedPage> {
    const signal = AbortSignal.timeout(this.limits.timeoutMs);
    let url = new URL(link);
    for (let redirects = 0; ; redirects++) {
      checkTarget(url, this.limits);
      // No Accept-Encoding: the page comes uncompressed, so maxBytes is what is read.
      const response = await request(url, {
        dispatcher: this.agent,
        method: 'GET',
        signal,
        headers: {
          'user-agent': 'Mozilla/5.0 (compatible; ChatLinkPreview/1.0)',
          accept: 'text/html,application/xhtml+xml;q=0.9',
        },
      });
      const location = response.headers.location;
      if (REDIRECTS.has(response.statusCode) && typeof location === 'string') {
        discard(response.body);
        if (redirects >= this.limits.maxRedirects) throw new LinkRefusedError('too many redirects');
        url = new URL(location, url);
        continue;
      }
      if (response.statusCode !== 200) {
        discard(response.body);
        throw new Error(`HTTP ${response.statusCode}`);
      }
      const contentType = String(response.headers['content-type'] ?? '');
      const mediaType = contentType.split(';')[0].trim().toLowerCase();
      if (!HTML_TYPES.has(mediaType)) {
        discard(response.body);
        throw new LinkRefusedError(`not HTML (${mediaType || 'no content type'})`);
      }
      const bytes = await this.readLimited(response.body, response.headers['content-length']);
      return { url, html: decode(bytes, contentType) };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async readLimited(
    body: Dispatcher.ResponseData['body'],
    declaredLength: string | string[] | undefined,
  ): Promise<Buffer> {
    const tooLarge = () => {
      discard(body);
      return new LinkRefusedError(`page larger than ${this.limits.maxBytes} bytes`);
    };
    if (Number(declaredLength) > this.limits.maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.limits.maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
}

/**
 * Closes a response body that will not be read. Destroying it emits an abort error, which must
 * not go unhandled: that would crash the worker.
 */
function discard(body: { on(event: 'error', listener: () => void): unknown; destroy(): void }) {
  body.on('error', () => undefined);
  body.destroy();
}

/** The page's text in the charset its Content-Type names (UTF-8 when none, or unknown). */
function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
