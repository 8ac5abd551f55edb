#!/usr/bin/env node
// Bundles the shop widget (widget/src/widget.ts, socket.io-client included) into one minified
// script, dist/widget/widget.<hash>.js, with Brotli and gzip copies and a manifest the API reads
// to serve /widget.js. Fails when either compressed size is over the budget (P10: 30 kB).
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 30 * 1024;
const backend = join(import.meta.dirname, '..');
// WIDGET_OUT: somewhere else (the size test builds into a temporary folder).
const out = process.env.WIDGET_OUT ?? join(backend, 'dist/widget');

const result = await build({
  entryPoints: [join(backend, 'widget/src/widget.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  platform: 'browser',
  legalComments: 'none',
  write: false,
  define: { 'process.env.NODE_ENV': '"production"' },
});
const code = result.outputFiles[0].contents;
const hash = createHash('sha256').update(code).digest('base64url').slice(0, 10);
const file = `widget.${hash}.js`;
const gzip = gzipSync(code, { level: 9 });
const brotli = brotliCompressSync(code, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
});

mkdirSync(out, { recursive: true });
for (const old of readdirSync(out)) if (old.startsWith('widget.')) rmSync(join(out, old));
writeFileSync(join(out, file), code);
writeFileSync(join(out, `${file}.gz`), gzip);
writeFileSync(join(out, `${file}.br`), brotli);
const sizes = { raw: code.length, gzip: gzip.length, brotli: brotli.length };
// The demo shop (`DEMO_SHOP`, on with npm start): a product page with the widget on it.
copyFileSync(join(backend, 'widget/demo-shop.html'), join(out, 'demo-shop.html'));
copyFileSync(join(backend, 'widget/demo-shop.css'), join(out, 'demo-shop.css'));
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify({ file, ...sizes }, null, 2)}\n`);
console.log(`widget: ${file} ${sizes.raw} B, gzip ${sizes.gzip} B, brotli ${sizes.brotli} B`);
if (gzip.length > BUDGET_BYTES || brotli.length > BUDGET_BYTES) {
  console.error(`widget: over the ${BUDGET_BYTES} B compressed budget (P10)`);
  process.exit(1);
}
