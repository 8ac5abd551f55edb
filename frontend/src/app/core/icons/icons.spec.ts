/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { ICON_NAMES } from './icon-names';
import { ICON_SVGS } from './icon-svgs.generated';

const srcRoot = join(__dirname, '../../..');

/** Every .html and .ts under src/ except this folder, whose docs and patterns quote examples. */
function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (path === __dirname) return [];
    if (entry.isDirectory()) return templateFiles(path);
    return /\.(html|ts)$/.test(entry.name) ? [path] : [];
  });
}

const templates = templateFiles(srcRoot).map((path) => ({
  file: relative(srcRoot, path),
  text: readFileSync(path, 'utf8'),
}));

/** Every icon name a template asks for: static `svgIcon="x"` and the literals in `[svgIcon]="..."`. */
function usedIconNames(text: string): string[] {
  const names = [...text.matchAll(/(?<![[\w])svgIcon="([^"]*)"/g)].map((m) => m[1]);
  for (const [, expression] of text.matchAll(/\[svgIcon\]="([^"]*)"/g)) {
    names.push(...[...expression.matchAll(/'([^']*)'/g)].map((m) => m[1]));
  }
  return names;
}

describe('icons', () => {
  const registered = new Set<string>(ICON_NAMES);

  it('finds the templates it checks', () => {
    const users = templates.filter(({ text }) => usedIconNames(text).length > 0);
    expect(users.length).toBeGreaterThan(10);
  });

  it('registers every icon name a template uses', () => {
    const missing = templates.flatMap(({ file, text }) =>
      usedIconNames(text)
        .filter((name) => !registered.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no ligature or font icons left (there is no icon font)', () => {
    const leftovers = templates.flatMap(({ file, text }) =>
      [...text.matchAll(/<mat-icon\b([^>]*)>([\s\S]*?)<\/mat-icon>/g)]
        .filter(
          ([, attributes, content]) => content.trim() !== '' || /fontIcon|fontSet/.test(attributes),
        )
        .map(([element]) => `${file}: ${element}`),
    );
    expect(leftovers).toEqual([]);
  });

  it('bundles the SVG of every registered name, generated from @material-symbols/svg-400', () => {
    const packageDir = dirname(require.resolve('@material-symbols/svg-400/package.json'));
    expect(Object.keys(ICON_SVGS).sort()).toEqual([...ICON_NAMES].sort());
    for (const name of ICON_NAMES) {
      const original = readFileSync(join(packageDir, 'outlined', `${name}.svg`), 'utf8');
      const path = /<path d="[^"]+"\/>/.exec(original)?.[0];
      expect(path).toBeDefined();
      expect(ICON_SVGS[name]).toContain(path);
    }
  });
});
