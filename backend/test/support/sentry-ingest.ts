import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One envelope as posted: the raw text (for grepping) and its items' headers and payloads. */
export interface Envelope {
  project: string;
  raw: string;
  header: Record<string, unknown>;
  items: { type: string; payload: Record<string, unknown> }[];
}

/**
 * A local HTTP server standing in for Sentry's ingest: it accepts `POST /api/<project>/envelope/`
 * and parses the envelope format (a header line, then a header line and a payload line per item).
 */
export class SentryIngest {
  readonly envelopes: Envelope[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SentryIngest> {
    const server = createServer();
    const ingest = new SentryIngest(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const match = /^\/api\/(\w+)\/envelope\/?(\?.*)?$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) {
          res.writeHead(404).end();
          return;
        }
        const body = Buffer.concat(chunks);
        const raw = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString(
          'utf8',
        );
        ingest.envelopes.push({ project: match[1], raw, ...parse(raw) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return ingest;
  }

  /** A DSN pointing here, for project `project`. */
  dsn(project: string): string {
    return `http://publickey@127.0.0.1:${(this.server.address() as AddressInfo).port}/${project}`;
  }

  /** The error events received, each with the raw envelope it came in. */
  events(): { event: Record<string, unknown>; raw: string }[] {
    return this.envelopes.flatMap((e) =>
      e.items.filter((i) => i.type === 'event').map((i) => ({ event: i.payload, raw: e.raw })),
    );
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function parse(raw: string): Pick<Envelope, 'header' | 'items'> {
  const lines = raw.split('\n').filter((line) => line.length > 0);
  const header = JSON.parse(lines[0]) as Record<string, unknown>;
  const items: Envelope['items'] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    const itemHeader = JSON.parse(lines[i]) as { type: string };
    items.push({
      type: itemHeader.type,
      payload: JSON.parse(lines[i + 1]) as Record<string, unknown>,
    });
  }
  return { header, items };
}
