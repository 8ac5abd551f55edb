// Writes a Brotli (.br) and a gzip (.gz) copy next to every compressible file of the built SPA,
// so the API (express-static-gzip) and nginx (gzip_static) serve them without compressing on
// each request. Runs after `ng build` (npm run build). Usage: node scripts/precompress.mjs [dir]
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir =
  process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../dist/frontend/browser');
// woff2 and images are compressed formats already.
const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.txt',
  '.webmanifest',
  '.xml',
  '.ico',
]);
// Below this a compressed copy saves less than the headers it costs (nginx's gzip_min_length).
const MIN_BYTES = 1024;

function files(path) {
  return statSync(path).isDirectory()
    ? readdirSync(path).flatMap((name) => files(join(path, name)))
    : [path];
}

let count = 0;
let before = 0;
let afterBr = 0;
for (const file of files(dir)) {
  if (!COMPRESSIBLE.has(extname(file)) || statSync(file).size < MIN_BYTES) continue;
  const content = readFileSync(file);
  const br = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
  const gz = gzipSync(content, { level: 9 });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gz);
  before += content.length;
  afterBr += br.length;
  count += 1;
}
process.stdout.write(`precompressed ${count} files in ${relative(process.cwd(), dir) || '.'}: `);
process.stdout.write(`${before} B -> ${afterBr} B with Brotli\n`);
