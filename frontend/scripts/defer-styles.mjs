// Moves the built index.html's stylesheet link from <head> to the end of <body>, before the
// app's scripts. In <head> it blocks the first paint until styles.css arrives (on a slow network a
// blank page for seconds); in <body> Chromium, Firefox and Safari paint what comes before it (the
// static shell, styled inline in index.html) at once, and scripts still wait for it, so the app
// never renders unstyled. Angular's own answer (inlineCritical) needs an inline onload handler
// that the Content-Security-Policy (script-src 'self') forbids. Runs after `ng build`, before
// precompress.mjs (npm run build). Usage: node scripts/defer-styles.mjs [index.html]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const file =
  process.argv[2] ??
  join(dirname(fileURLToPath(import.meta.url)), '../dist/frontend/browser/index.html');
const html = readFileSync(file, 'utf8');
const links = html.match(/<link rel="stylesheet" href="styles-[\w-]+\.css"[^>]*>/g) ?? [];
if (links.length !== 1 || html.indexOf(links[0]) > html.indexOf('</head>')) {
  throw new Error(`defer-styles: expected one stylesheet link in the head of ${file}`);
}
const moved = html.replace(links[0], '');
// Before the app's module preloads and script, which come last in <body>.
const body = moved.indexOf('<body');
const scripts = moved.slice(body).search(/<link rel="modulepreload"|<script /);
const at = scripts === -1 ? moved.indexOf('</body>') : body + scripts;
writeFileSync(file, moved.slice(0, at) + links[0] + moved.slice(at));
process.stdout.write(`defer-styles: ${links[0]} moved to the end of <body>\n`);
