// `node --test scripts/check-links.test.mjs`: the link checker finds what it should, and only that.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkLinks, slug } from './check-links.mjs';

test('slugs follow GitHub heading ids', () => {
  assert.equal(
    slug('Scaling: how it grows past one process'),
    'scaling-how-it-grows-past-one-process',
  );
  assert.equal(slug('First visit (delivery budget P8)'), 'first-visit-delivery-budget-p8');
  assert.equal(slug('The `send_messages` function'), 'the-send_messages-function');
  assert.equal(slug('[Link](x.md) and **bold**'), 'link-and-bold');
});

test('broken files, anchors and links out of the repository are reported, good ones are not', () => {
  const root = mkdtempSync(join(tmpdir(), 'check-links-'));
  try {
    mkdirSync(join(root, 'docs'));
    writeFileSync(
      join(root, 'README.md'),
      [
        '# Title',
        '## Same',
        '## Same',
        '[ok](docs/a.md) [ok](docs/a.md#part-one) [ok](#same-1) [ok](https://example.org/x)',
        '[missing file](docs/nope.md) [missing anchor](docs/a.md#part-two)',
        '[outside](../elsewhere.md)',
        '```',
        '[in a code block](ignored.md)',
        '```',
        '`[in code](ignored.md)`',
      ].join('\n'),
    );
    writeFileSync(join(root, 'docs/a.md'), '# A\n\n## Part one\n\n[back](../README.md#title)\n');
    assert.deepEqual(checkLinks(root), [
      'README.md:5: docs/nope.md (no such file)',
      'README.md:5: docs/a.md#part-two (no heading "#part-two" in docs/a.md)',
      'README.md:6: ../elsewhere.md (outside the repository)',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
