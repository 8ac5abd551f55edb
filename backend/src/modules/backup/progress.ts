/**
 * Where a long command shows how far it got (stderr): `live` rewrites one terminal line, and
 * is absent when stderr is not a terminal (a log, a CronJob), which gets `line`s only.
 */
export interface ProgressOutput {
  line(text: string): void;
  live?(text: string): void;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** Tables and files as they go: a live line on a terminal, one line per table otherwise. */
export class Progress {
  private lastLive = 0;

  constructor(
    private readonly verb: string,
    private readonly out: ProgressOutput,
  ) {}

  /** Called often while a table streams: throttled to a few updates a second. */
  tableRunning(table: string, rows: number, bytes: number): void {
    this.live(`${this.verb} table ${table}: ${rows} rows, ${mb(bytes)}`);
  }

  tableDone(index: number, of: number, table: string, rows: number, bytes: number): void {
    this.out.line(`${this.verb} table ${index}/${of} ${table}: ${rows} rows, ${mb(bytes)}`);
  }

  fileRunning(count: number, bytes: number): void {
    this.live(`${this.verb} files: ${count}, ${mb(bytes)}`);
  }

  filesDone(count: number, bytes: number, missing: number): void {
    const gone = missing > 0 ? ` (${missing} deleted since the snapshot, skipped)` : '';
    this.out.line(`${this.verb} files: ${count}, ${mb(bytes)}${gone}`);
  }

  private live(text: string): void {
    if (!this.out.live) return;
    const now = Date.now();
    if (now - this.lastLive < 200) return;
    this.lastLive = now;
    this.out.live(text);
  }
}

export { mb as megabytes };
