import { SMTPServer } from 'smtp-server';
import { waitFor } from './services';

/** One mail as the SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** The raw message with quoted-printable soft breaks and escapes undone. */
  decoded: string;
}

const decodeQuotedPrintable = (raw: string): string =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * A real SMTP server on a free local port, keeping what it is sent. `refuseNext` makes it
 * refuse the next n messages with a temporary error (421), as a struggling server does.
 */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  refused = 0;
  port = 0;
  private refuseNext = 0;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (this.refuseNext > 0) {
          this.refuseNext -= 1;
          this.refused += 1;
          callback(Object.assign(new Error('try again later'), { responseCode: 421 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        this.mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          decoded: decodeQuotedPrintable(raw),
        });
        callback();
      });
    },
  });

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer();
    smtp.port = await new Promise<number>((resolve) => {
      smtp.server.listen(0, '127.0.0.1', () => {
        const address = smtp.server.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  refuse(n: number): void {
    this.refuseNext = n;
  }

  /** The mails to an address so far. */
  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  /** Waits for the `nth` (1-based) mail to an address. */
  waitFor(address: string, nth = 1, timeoutMs = 15_000): Promise<ReceivedMail> {
    return waitFor(
      () => Promise.resolve(this.to(address)[nth - 1]),
      timeoutMs,
      `mail #${nth} to ${address}`,
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The token at the end of the first link to `path` (e.g. `/reset-password/`) in a mail. */
export function linkToken(mail: ReceivedMail, base: string, path: string): string {
  const escaped = `${base}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`${escaped}([A-Za-z0-9_-]+)`).exec(mail.decoded);
  if (!match) throw new Error(`no ${path} link in the mail:\n${mail.decoded}`);
  return match[1];
}
