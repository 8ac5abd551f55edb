import { parseArgs } from 'node:util';
import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { dependencyFailureOf } from '../common/dependency-failure';
import { ConfigError, loadConfig } from '../config/app-config';
import { type CliArgs, type CliCommand, UsageError } from './cli-command';
import { CliModule } from './cli.module';
import { COMMANDS } from './commands';

/**
 * Exit codes: 0 done, 1 the command failed (or the configuration is wrong), 2 bad usage, 3 the
 * database or Redis is unavailable (nothing was changed by the failed step: retry later).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, unavailable: 3 } as const;

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
  /** Rewrites the last stderr line: set only when stderr is a terminal. */
  live?(text: string): void;
}

const usageOf = (c: CliCommand) => `node backend/dist/cli.js ${c.name} ${c.usage}`;

function help(): string[] {
  return [
    'usage: node backend/dist/cli.js <command> [arguments]',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.usage}`.padEnd(38)} ${c.summary}`),
    'It uses DATABASE_URL and REDIS_URL, like the API.',
  ];
}

function parse(command: CliCommand, argv: string[]): CliArgs {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries((command.options ?? []).map((o) => [o, { type: 'string' as const }])),
        ...Object.fromEntries((command.flags ?? []).map((f) => [f, { type: 'boolean' as const }])),
      },
    });
    const strings: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'string') strings[key] = value;
      if (value === true) strings[key] = 'true';
    }
    return { positionals, values: strings };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The message an expected failure carries (404 no such user, 409 last admin ...). */
function failureOf(error: unknown): string {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'object' && 'message' in response ? response.message : error.message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs one command line; answers the exit code. Never throws. */
export async function runCli(argv: string[], io: CliOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help') {
    help().forEach((line) => (name === undefined ? io.err(line) : io.out(line)));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command ${name}`);
    help().forEach((line) => io.err(line));
    return EXIT.usage;
  }
  let args: CliArgs;
  try {
    args = parse(command, rest);
    await command.check(args);
  } catch (error) {
    io.err(`error: ${failureOf(error)}`);
    io.err(`usage: ${usageOf(command)}`);
    return EXIT.usage;
  }

  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
  try {
    // The CLI signs no tokens; its output is the result lines, not the framework's logs.
    const config = loadConfig(process.env, { needsJwtSecret: false });
    if (command.ownsSchema) config.DB_MIGRATE = false;
    app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
      logger: false,
      abortOnError: false,
    });
    const progress = {
      line: (text: string) => io.err(text),
      live: io.live && ((text: string) => io.live?.(text)),
    };
    for (const line of await command.run(app, args, progress)) io.out(line);
    return EXIT.ok;
  } catch (error) {
    const unavailable = dependencyFailureOf(error);
    if (unavailable) {
      io.err(
        `error: ${unavailable.dependency} is unavailable (${unavailable.reason}): retry later`,
      );
      return EXIT.unavailable;
    }
    io.err(error instanceof ConfigError ? error.message : `error: ${failureOf(error)}`);
    return EXIT.failed;
  } finally {
    await app?.close().catch(() => undefined);
  }
}
