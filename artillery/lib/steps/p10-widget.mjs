// P10: the shop widget, widget.js compressed size and a new visitor's first question -> first
// bot delta at 20 new visitors/s.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, register } from '../data.mjs';
import { HarnessError, settle } from '../harness.mjs';
import { sql } from '../stack.mjs';
import { repoRoot } from '../util.mjs';

const SHOP_ORIGIN = 'http://shop.bench.test';

/**
 * Reads the built widget's sizes (backend/dist/widget/manifest.json, written by the build that
 * also fails over budget), makes an admin and a SizeBot widget for a shop origin, then lets
 * --visitor-rate new visitors/s arrive for --visitor-seconds, open loop.
 */
export async function measureP10(h, api, services) {
  const { opts } = h;
  const manifest = JSON.parse(
    readFileSync(join(repoRoot, 'backend/dist/widget/manifest.json'), 'utf8'),
  );
  const admin = await register(h, api.url);
  await sql(
    services.databaseUrl,
    `UPDATE users SET server_role = 'admin' WHERE id = '${admin.userId}'`,
  );
  const widget = await http(
    api.url,
    'POST',
    '/api/v1/widgets',
    { name: 'Bench shop', botUsername: 'sizebot', allowedOrigins: [SHOP_ORIGIN] },
    admin.token,
  );
  await settle(api.pid);
  const run = await h.timed(`P10 at ${opts.visitorRate} new visitors/s`, () =>
    h.runLoad('load/visitors.mjs', {
      url: api.url,
      metricsUrl: api.metricsUrl,
      serverPid: api.pid,
      widgetId: widget.id,
      origin: SHOP_ORIGIN,
      rate: opts.visitorRate,
      seconds: opts.visitorSeconds,
      replyTimeoutMs: 15_000,
    }),
  );
  if (!api.alive()) throw new HarnessError('the API died during P10');
  return { run, size: { file: manifest.file, gzip: manifest.gzip, brotli: manifest.brotli } };
}
