// P4: the newest 50-message page of the big conversation, REST against raw pg; here the idle
// reference (P4 during P3 runs in p3-latency.mjs).
import { settle } from '../harness.mjs';

/** The config of load/page.mjs against the big conversation (without seconds and label). */
export function pageConfig(h, api, services, big) {
  return {
    url: api.url,
    token: big.token,
    conversationId: big.conversationId,
    databaseUrl: services.databaseUrl,
    serverPid: api.pid,
    rate: h.opts.pageRate,
    expectedLastSeq: h.opts.messages,
  };
}

/** P4 with no other load: the reference for P4 during P3. */
export async function measureP4Idle(h, api, pages) {
  await settle(api.pid);
  return h.timed('P4 idle reference (no other load)', () =>
    h.runLoad('load/page.mjs', { ...pages, seconds: h.opts.quick ? 3 : 5, label: 'idle' }),
  );
}
