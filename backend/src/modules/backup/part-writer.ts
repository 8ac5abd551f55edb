import type { Pack } from 'tar-stream';
import { PART_BYTES } from './archive-format';

/** Adds one entry, waiting until the archive's reader took it (backpressure). */
export function addEntry(pack: Pack, name: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ name, size: body.length, mode: 0o600 }, body, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

/** Cuts a stream of unknown length into entries of at most PART_BYTES: `name(1)`, `name(2)`... */
export class PartWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private parts = 0;

  constructor(
    private readonly pack: Pack,
    private readonly name: (part: number) => string,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= PART_BYTES) {
      const all = Buffer.concat(this.pending);
      this.pending = [all.subarray(PART_BYTES)];
      this.pendingBytes = all.length - PART_BYTES;
      await addEntry(this.pack, this.name(++this.parts), all.subarray(0, PART_BYTES));
    }
  }

  /** Writes the rest. An empty stream writes nothing, or one empty part with `keepEmpty`. */
  async end(keepEmpty = false): Promise<void> {
    if (this.pendingBytes === 0 && (this.parts > 0 || !keepEmpty)) return;
    await addEntry(this.pack, this.name(++this.parts), Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
}
