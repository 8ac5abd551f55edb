import type { Agent, Dispatcher } from 'undici';
import { request } from 'undici';
import { OutboundRefusedError } from '../../../common/outbound/address-policy';
import { outboundAgent } from '../../../common/outbound/outbound-gate';
import { checkTarget, type OutboundPolicy } from '../../../common/outbound/outbound-policy';

export interface FetchLimits {
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  /** A page larger than this is abandoned while it downloads. */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
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
 * Fetches a page for its preview through the outbound gate (`common/outbound`: only http(s)
 * on the allowed ports, no private address or internal name, checked on the URL and again at
 * connect time), at most
 * `maxRedirects` redirects each checked the same way, one deadline for everything, and at most
 * `maxBytes` of HTML read. Throws when any of that fails.
 */
export class PageFetcher {
  private readonly agent: Agent;

  constructor(
    private readonly limits: FetchLimits,
    private readonly policy: OutboundPolicy,
  ) {
    this.agent = outboundAgent(policy, limits.timeoutMs);
  }

  async fetch(link: string): Promise<FetchedPage> {
    const signal = AbortSignal.timeout(this.limits.timeoutMs);
    let url = new URL(link);
    for (let redirects = 0; ; redirects++) {
      checkTarget(url, this.policy);
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
        if (redirects >= this.limits.maxRedirects)
          throw new OutboundRefusedError('too many redirects');
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
        throw new OutboundRefusedError(`not HTML (${mediaType || 'no content type'})`);
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
      return new OutboundRefusedError(`page larger than ${this.limits.maxBytes} bytes`);
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
