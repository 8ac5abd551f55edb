import { createDatabase } from './services';

let counter = 0;

/**
 * A database of its own, on the run's server: who registers first there is known, so the
 * bootstrap admin and the registration policy can be tested without other suites' users.
 */
export function freshDatabase(prefix: string): Promise<string> {
  counter += 1;
  const name = `chat_${prefix}_${Date.now().toString(36)}_${process.pid}_${counter}`;
  return createDatabase(process.env.DATABASE_URL!, name);
}
