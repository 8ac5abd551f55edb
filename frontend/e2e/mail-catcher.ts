import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { SMTPServer as SmtpServerClass } from 'smtp-server';

/** The backend's SMTP server package (a devDependency there; the web app has none). */
const { SMTPServer } = createRequire(join(__dirname, '..', '..', 'backend', 'package.json'))(
  'smtp-server',
) as typeof import('smtp-server');

export interface CaughtMail {
  readonly to: readonly string[];
  /** The message with quoted-printable soft breaks and escapes undone, so links read whole. */
  readonly text: string;
}

/** A real SMTP server on a free local port that keeps every mail the API sends it. */
export class MailCatcher {
  private readonly mails: CaughtMail[] = [];
  private port = 0;
  private readonly server: SmtpServerClass = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          text: decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });

  static async start(): Promise<MailCatcher> {
    const catcher = new MailCatcher();
    catcher.port = await new Promise<number>((resolve) => {
      catcher.server.listen(0, '127.0.0.1', () => {
        const address = catcher.server.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    return catcher;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The link under `path` in the `nth` (1-based) mail to `address` that has one, once it arrives. */
  async linkTo(address: string, path: string, nth = 1, timeoutMs = 20_000): Promise<string> {
    const pattern = new RegExp(`https?://[^\\s"<>]*${path}[A-Za-z0-9_-]+`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const links = this.mails
        .filter((m) => m.to.includes(address))
        .map((m) => m.text.match(pattern)?.[0])
        .filter((link) => link !== undefined);
      const link = links[nth - 1];
      if (link) return link;
      if (Date.now() > deadline) throw new Error(`no mail ${nth} to ${address} with ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
