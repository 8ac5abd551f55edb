// The messaging figures on one setup (the big conversation, the groups): P4 idle, P5, P2 and P3
// against the API and the relay, the Artillery smoke and P7, as far as --only asks for them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGroups, quiesceDatabase, seedBigConversation } from '../data.mjs';
import { startRelay } from '../stack.mjs';
import { measureP2 } from './p2-capacity.mjs';
import { measureP3 } from './p3-latency.mjs';
import { measureP4Idle, pageConfig } from './p4-pages.mjs';
import { measureP5 } from './p5-search.mjs';
import { measureP7 } from './p7-database.mjs';
import { runSmoke } from './smoke.mjs';

/** Measures into `m`; returns the groups (for P1), or null when neither P2 nor P3 ran. */
export async function measureMessaging(h, api, services, m) {
  const { opts, runs } = h;
  const big =
    runs('p4') || runs('p5')
      ? await h.timed(`seed a ${opts.messages.toLocaleString('en')}-message conversation`, () =>
          seedBigConversation(h, api.url, services.databaseUrl),
        )
      : null;
  const setup =
    runs('p2') || runs('p3')
      ? await h.timed(
          `register ${opts.conversations * opts.members} users in ${opts.conversations} groups of ${opts.members}`,
          () => createGroups(h, api.url),
        )
      : null;
  await h.timed('vacuum, analyze and checkpoint', () => quiesceDatabase(services.databaseUrl));
  const setupFile = join(h.work, 'setup.json');
  if (setup) writeFileSync(setupFile, JSON.stringify(setup));
  const pages = big && pageConfig(h, api, services, big);

  if (runs('p4')) m.p4 = { messages: opts.messages, idle: await measureP4Idle(h, api, pages) };
  if (runs('p5')) m.p5 = await measureP5(h, api, big);
  if (!setup) return null;

  const relay = await startRelay(h);
  // P9: the durable relay writes into the same PostgreSQL as the API.
  const durable = await startRelay(h, services.databaseUrl);
  const forP7 = { ackedFiles: [], apiRuns: [] };
  if (runs('p2')) {
    m.p2 = await measureP2(h, api, { relay, durable }, setupFile, forP7.ackedFiles);
    forP7.apiRuns.push(...m.p2.rounds.map((r) => r.api));
  }
  if (runs('p3')) await measureP3(h, { api, relay, durable, services, setupFile, pages }, m, forP7);
  await relay.stop();
  await durable.stop();

  if (h.allFigures) m.artillery = await runSmoke(h, api);
  m.p7 = await measureP7(h, services, setup, forP7);
  return setup;
}
