#!/usr/bin/env node
// `npm run docs:check` (a step of `npm test`): every relative link and #anchor in the project's
// Markdown resolves. A link must name a file or folder inside the repository, and an anchor a
// heading of the target (GitHub's heading ids). Web links (http, https, mailto) are not fetched.
// Prints each broken link as file:line and exits 1 if there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The documents checked, relative to the repository root. */
export function documents(root) {
  const docs = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => `docs/${name}`)
    : [];
  return ['README.md', ...docs, 'helm/chat/README.md', 'artillery/README.md'].filter((file) =>
    existsSync(join(root, file)),
  );
}

/** Lines outside fenced code blocks, with inline code spans blanked out. */
function proseLines(text) {
  const lines = text.split('\n');
  let fence = null;
  return lines.map((line) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (opener && opener[1][0] === fence[0] && opener[1].length >= fence.length) fence = null;
      return '';
    }
    if (opener) {
      fence = opener[1];
      return '';
    }
    return line.replace(/(`+)(?:(?!\1).)+\1/g, (span) => ' '.repeat(span.length));
  });
}

/** GitHub's id for a heading: lower case, punctuation dropped, each space a hyphen. */
export function slug(heading) {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML tags
    .replace(/[*`]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: heading ids (repeats get -1, -2...) and HTML ids. */
export function anchorsOf(text) {
  const anchors = new Set();
  const seen = new Map();
  const raw = text.split('\n');
  proseLines(text).forEach((line, i) => {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      // Headings may hold code spans, which proseLines blanked: take the original line.
      const base = slug(/^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw[i])[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const m of line.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  });
  return anchors;
}

/** `[text](target)`, `![alt](target)` and `[label]: target` links, with their line numbers. */
function linksOf(text) {
  const links = [];
  proseLines(text).forEach((line, i) => {
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: m[1], line: i + 1 });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line);
    if (definition) links.push({ target: definition[1], line: i + 1 });
  });
  return links;
}

/** The broken links of `files` (relative to `root`), as `file:line: target (why)`. */
export function checkLinks(root, files = documents(root)) {
  const problems = [];
  const anchorCache = new Map();
  const anchors = (path) => {
    if (!anchorCache.has(path)) anchorCache.set(path, anchorsOf(readFileSync(path, 'utf8')));
    return anchorCache.get(path);
  };
  for (const file of files) {
    const path = join(root, file);
    for (const { target, line } of linksOf(readFileSync(path, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const report = (why) => problems.push(`${file}:${line}: ${target} (${why})`);
      const [rawPath, rawAnchor] = target.split('#', 2);
      let targetPath = path;
      if (rawPath !== '') {
        targetPath = resolve(dirname(path), decodeURIComponent(rawPath));
        const inside = relative(root, targetPath);
        if (inside.startsWith('..') || inside.startsWith(sep)) {
          report('outside the repository');
          continue;
        }
        if (!existsSync(targetPath)) {
          report('no such file');
          continue;
        }
      }
      if (rawAnchor === undefined || rawAnchor === '') continue;
      if (statSync(targetPath).isDirectory() || !targetPath.endsWith('.md')) {
        report('an anchor into a file that is not Markdown');
        continue;
      }
      if (!anchors(targetPath).has(decodeURIComponent(rawAnchor).toLowerCase())) {
        report(`no heading "#${rawAnchor}" in ${relative(root, targetPath)}`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const files = documents(root);
  const problems = checkLinks(root, files);
  for (const problem of problems) process.stderr.write(`broken link: ${problem}\n`);
  process.stdout.write(
    `links: ${files.length} documents checked, ${problems.length} broken link(s)\n`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
