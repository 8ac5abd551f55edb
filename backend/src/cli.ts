import 'reflect-metadata';
import { runCli } from './cli/run-cli';

/**
 * The operator's command line, in every image: `node backend/dist/cli.js <command>`
 * (see docs/administration.md). One line per result on stdout; failures on stderr.
 */
void runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  // Pools and Redis are closed by then; exiting explicitly also covers a hung connection.
  process.exit(code);
});
