import { type Archiver, ZipArchive } from 'archiver';
import { PassThrough, Readable } from 'node:stream';

/**
 * A ZIP written as a stream: entries are added one at a time, each waited for before the next
 * (so a thousand files never hold a thousand open streams), and the bytes flow to `output`.
 */
export class ExportArchive {
  readonly output = new PassThrough();
  private readonly zip: Archiver = new ZipArchive({ zlib: { level: 6 } });
  private failure: Error | null = null;
  /** The entry being added: settled by archiver's `entry`, or rejected when the archive fails. */
  private pending: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor() {
    this.zip.on('warning', (error) => this.fail(error));
    this.zip.on('error', (error) => this.fail(error));
    this.zip.pipe(this.output);
    // A storage that failed before reading (say, at mkdir) no longer listens: the failure is
    // reported through `add`/`finish` and the storage's own promise, never as an unhandled event.
    this.output.on('error', () => undefined);
  }

  /** Adds one entry and resolves once archiver has consumed it (rejects if the archive fails). */
  async add(name: string, source: Readable | Buffer | string, date?: Date): Promise<void> {
    this.throwIfFailed();
    const done = new Promise<void>((resolve, reject) => {
      this.pending = { resolve, reject };
    });
    this.zip.once('entry', () => this.pending?.resolve());
    this.zip.append(source, { name, date });
    try {
      await done;
    } finally {
      this.pending = null;
    }
  }

  /** Ends the archive; resolves with its size in bytes once written to `output`. */
  async finish(): Promise<number> {
    this.throwIfFailed();
    await this.zip.finalize();
    return this.zip.pointer();
  }

  /** Stops the archive: `output` errors, so whatever stores it keeps nothing. */
  abort(error: Error): void {
    this.fail(error);
    this.zip.abort();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(error);
    this.output.destroy(error);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

/** A JSON array streamed from pages, one element per line: never the whole list in memory. */
export function jsonArray<T>(pages: AsyncIterable<T[]>): Readable {
  async function* lines(): AsyncGenerator<string> {
    let first = true;
    yield '[';
    for await (const page of pages) {
      for (const item of page) {
        yield `${first ? '\n  ' : ',\n  '}${JSON.stringify(item)}`;
        first = false;
      }
    }
    yield first ? ']\n' : '\n]\n';
  }
  return Readable.from(lines());
}
