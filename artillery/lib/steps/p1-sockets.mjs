// P1 (--p1): many authenticated sockets held for minutes by a fresh API process, and the same
// count on a fresh relay, for memory per socket.
import { HarnessError, settle } from '../harness.mjs';
import { startApi, startRelay } from '../stack.mjs';

/** Stops `api`, holds the sockets on a new API process, then on a new relay. */
export async function measureP1(h, api, services, setup) {
  const { opts } = h;
  const identities = setup.conversations.flatMap((c) => c.members.map((u) => ({ token: u.token })));
  const relayIdentities = setup.conversations.flatMap((c) =>
    c.members.map((u) => ({ conversationId: c.id, userId: u.userId, username: u.username })),
  );
  const ramp = 250;
  // A fresh API process, like the fresh relay below: memory per socket is then compared
  // between two processes that have done nothing else.
  await api.stop();
  const api2 = await h.timed('restart the API for P1', () => startApi(h, services));
  await settle(api2.pid);
  const apiHold = await h.timed(
    `P1: ${opts.p1Sockets} sockets held ${opts.p1Minutes} min on the API`,
    () =>
      h.runLoad('load/hold.mjs', {
        target: 'api',
        url: api2.url,
        sockets: opts.p1Sockets,
        identities,
        holdSeconds: opts.p1Minutes * 60,
        rampPerSecond: ramp,
        settleSeconds: 10,
        serverPid: api2.pid,
      }),
  );
  if (!api2.alive()) throw new HarnessError('the API died during P1');
  const relay2 = await startRelay(h);
  const relayHold = await h.timed(`P1: ${opts.p1Sockets} sockets on the relay`, () =>
    h.runLoad('load/hold.mjs', {
      target: 'relay',
      url: relay2.url,
      sockets: opts.p1Sockets,
      identities: relayIdentities,
      holdSeconds: Math.min(60, opts.p1Minutes * 60),
      rampPerSecond: ramp,
      settleSeconds: 10,
      serverPid: relay2.pid,
    }),
  );
  await relay2.stop();
  return { api: apiHold, relay: relayHold, sockets: opts.p1Sockets, minutes: opts.p1Minutes };
}
