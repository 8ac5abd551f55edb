import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from '../../../widget/src/markdown';
import type { WidgetManifest } from './widget-assets';

describe('widget.js', () => {
  it('builds within the P10 budget: at most 30 kB with gzip and with Brotli', () => {
    const out = mkdtempSync(join(tmpdir(), 'widget-build-'));
    try {
      execFileSync(process.execPath, [join(__dirname, '../../../scripts/build-widget.mjs')], {
        env: { ...process.env, WIDGET_OUT: out },
        stdio: 'pipe',
      });
      const manifest = JSON.parse(
        readFileSync(join(out, 'manifest.json'), 'utf8'),
      ) as WidgetManifest;
      expect(manifest.file).toMatch(/^widget\.[\w-]{10}\.js$/);
      expect(manifest.gzip).toBeLessThanOrEqual(30 * 1024);
      expect(manifest.brotli).toBeLessThanOrEqual(30 * 1024);
      expect(readFileSync(join(out, manifest.file)).length).toBe(manifest.raw);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the widget’s Markdown subset', () => {
  it('renders bold, italic, code, code blocks, links and line breaks', () => {
    expect(renderMarkdown('**M** fits, *snug* or _loose_: `size M`\nnext')).toBe(
      '<strong>M</strong> fits, <em>snug</em> or <em>loose</em>: <code>size M</code><br>next',
    );
    expect(renderMarkdown('```\na < b\n```')).toBe('<pre><code>a &lt; b\n</code></pre>');
    expect(
      renderMarkdown('see [the chart](https://shop.example/sizes) or https://x.example/a.'),
    ).toBe(
      'see <a href="https://shop.example/sizes" target="_blank" rel="noopener noreferrer nofollow">the chart</a> or <a href="https://x.example/a" target="_blank" rel="noopener noreferrer nofollow">https://x.example/a</a>.',
    );
  });

  it('escapes every other markup: no tag, attribute or script URL gets through', () => {
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).toBe(
      '&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
    expect(renderMarkdown('[x](https://a.example/"onmouseover="alert(1))')).not.toContain(
      '" onmouseover',
    );
    expect(renderMarkdown('`<b>`')).toBe('<code>&lt;b&gt;</code>');
    expect(renderMarkdown('**`a`** *b* 2*3')).toBe(
      '<strong><code>a</code></strong> <em>b</em> 2*3',
    );
  });
});
