import type { INestApplicationContext } from '@nestjs/common';
import type { ProgressOutput } from '../modules/backup/progress';

/** What a command gets from the command line, parsed by `node:util` parseArgs. */
export interface CliArgs {
  positionals: string[];
  values: Record<string, string | undefined>;
}

/**
 * One command of `node backend/dist/cli.js`: a file under commands/, listed in commands/index.ts.
 * `run` answers the lines to print (one per result); it throws a UsageError for bad arguments
 * and any other error for a failure, which the runner prints as one line.
 */
export interface CliCommand {
  name: string;
  /** The arguments after the name, e.g. `<username>` or `[--uses N] [--hours N]`. */
  usage: string;
  summary: string;
  /** String options (`--uses 5`); positionals are always allowed. */
  options?: string[];
  /** The command migrates the schema itself (restore): the runner's start must not. */
  ownsSchema?: boolean;
  /** Boolean flags (`--wait`): present, they read as `'true'` in `values`. */
  flags?: string[];
  /** Checks the arguments before anything connects: throws a UsageError. */
  check(args: CliArgs): void | Promise<void>;
  /** `progress` is stderr, for commands that take long or follow long work. */
  run(app: INestApplicationContext, args: CliArgs, progress: ProgressOutput): Promise<string[]>;
}

/** The command line itself is wrong: the runner adds the usage and exits 2. */
export class UsageError extends Error {}

/** The one username a command acts on. */
export function singleUsername(args: CliArgs): string {
  if (args.positionals.length !== 1) throw new UsageError('expected exactly one <username>');
  return args.positionals[0].trim().toLowerCase();
}

/** The one archive location a backup or restore names. */
export function singleArchive(args: CliArgs): string {
  if (args.positionals.length !== 1 || args.positionals[0].trim() === '') {
    throw new UsageError('expected exactly one <file> (a path or s3://bucket/key)');
  }
  return args.positionals[0];
}
