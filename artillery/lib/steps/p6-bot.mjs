// P6: the built-in bot, a user's message acked -> sizebot's first message:delta.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBotPeople, quiesceDatabase } from '../data.mjs';
import { HarnessError, settle } from '../harness.mjs';

/**
 * P6: registers --bot-people people, each with a direct conversation with sizebot, then asks
 * --bot-rate questions/s for --bot-seconds, open loop. The database is vacuumed first again:
 * after P2 and P3 it holds many fresh rows, and autovacuum must not wake up during P6.
 */
export async function measureP6(h, api, services) {
  const { opts } = h;
  const setup = await h.timed(
    `register ${opts.botPeople} people, each with a conversation with sizebot`,
    () => createBotPeople(h, api.url),
  );
  const setupFile = join(h.work, 'bots-setup.json');
  writeFileSync(setupFile, JSON.stringify(setup));
  await h.timed('vacuum, analyze and checkpoint before P6', () =>
    quiesceDatabase(services.databaseUrl),
  );
  await settle(api.pid);
  const run = await h.timed(`P6 at ${opts.botRate} questions/s to sizebot`, () =>
    h.runLoad('load/bots.mjs', {
      url: api.url,
      metricsUrl: api.metricsUrl,
      setupFile,
      serverPid: api.pid,
      rate: opts.botRate,
      seconds: opts.botSeconds,
      warmupSeconds: opts.quick ? 2 : 3,
      drainMs: 15_000,
      ackTimeoutMs: 10_000,
      replyTimeoutMs: 15_000,
      p99LimitMs: 50,
      tag: `${h.tag}-bots-${Date.now().toString(36)}`,
    }),
  );
  if (!api.alive()) throw new HarnessError('the API died during P6');
  return {
    run,
    rate: opts.botRate,
    seconds: opts.botSeconds,
    people: opts.botPeople,
    botConcurrency: opts.botConcurrency,
  };
}
