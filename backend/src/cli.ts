import 'reflect-metadata';
import { runCli } from './cli/run-cli';

// On a terminal, progress rewrites one line (carriage return, erase to its end).
const tty = process.stderr.isTTY;

/**
 * The operator's command line, in every image: `node backend/dist/cli.js <command>`
 * (see docs/administration.md). One line per result on stdout; failures on stderr.
 */
void runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`),
  live: tty ? (text) => process.stderr.write(`\r\x1b[K${text}`) : undefined,
}).then((code) => {
  // Pools and Redis are closed by then; exiting explicitly also covers a hung connection.
  process.exit(code);
});
