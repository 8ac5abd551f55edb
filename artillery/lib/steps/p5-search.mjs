// P5: full-text search over the big conversation, on a quiet server.
import { settle } from '../harness.mjs';

/** P5: searches per second (mixed kinds), open loop. */
const SEARCH_RATE = 20;

export async function measureP5(h, api, big) {
  await settle(api.pid);
  return h.timed('P5 full-text search', () =>
    h.runLoad('load/search.mjs', {
      url: api.url,
      token: big.token,
      serverPid: api.pid,
      rate: SEARCH_RATE,
      seconds: h.opts.quick ? 5 : 20,
      messages: h.opts.messages,
    }),
  );
}
