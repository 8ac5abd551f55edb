import { highlightCode } from './code-highlighter';
import {
  CARET_CLASS,
  hasCodeBlock,
  renderMarkdown,
  type RenderOptions,
  sanitizeHtml,
} from './render-markdown';

/** The rendered HTML as a DOM, to look at elements rather than at strings. */
function render(text: string, options: RenderOptions = {}): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = renderMarkdown(text, options);
  return container;
}

/** Whether any element carries an event handler attribute (`onerror`, `onclick`...). */
function hasHandlers(root: HTMLElement): boolean {
  return [...root.querySelectorAll('*')].some((element) =>
    element.getAttributeNames().some((name) => name.toLowerCase().startsWith('on')),
  );
}

describe('sanitizeHtml', () => {
  it('removes an image whose onerror runs script', () => {
    const output = sanitizeHtml('<p>Hello <img src=x onerror=alert(1)> there</p>');
    expect(output).toBe('<p>Hello  there</p>');
  });

  it('removes scripts, wherever they hide', () => {
    for (const html of [
      '<script>alert(1)</script>',
      '<p>a<script>alert(1)</script>b</p>',
      '<svg><script>alert(1)</script></svg>',
      '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
      '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    ]) {
      const output = sanitizeHtml(html);
      expect(output).not.toMatch(/<script|<svg|<math|<iframe|javascript:/i);
    }
  });

  it('keeps formatting and makes links safe to follow', () => {
    expect(
      sanitizeHtml(
        '<p><strong>M</strong> <a href="https://example.com" onclick="x()">chart</a></p>',
      ),
    ).toBe(
      '<p><strong>M</strong> <a href="https://example.com" target="_blank" rel="noopener noreferrer">chart</a></p>',
    );
    expect(sanitizeHtml('<a href="javascript:alert(1)" target="_self">x</a>')).toBe('<a>x</a>');
  });
});

describe('renderMarkdown', () => {
  it('formats bold, italic, lists and code', () => {
    const html = render(
      '**M** fits you, _probably_.\n\n- chest 98 cm\n- waist 82 cm\n\n1. one\n2. two\n\n' +
        'Use `size=M`:\n\n```\nconst size = "M";\n```',
    );
    expect(html.querySelector('strong')?.textContent).toBe('M');
    expect(html.querySelector('em')?.textContent).toBe('probably');
    expect([...html.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual([
      'chest 98 cm',
      'waist 82 cm',
    ]);
    expect(html.querySelectorAll('ol > li')).toHaveLength(2);
    expect(html.querySelector('p > code')?.textContent).toBe('size=M');
    expect(html.querySelector('pre > code')?.textContent).toBe('const size = "M";\n');
  });

  it('keeps single line breaks, as chat text does', () => {
    const html = render('**M** · EU 48\nReason: chest 98 cm');
    expect(html.querySelector('p br')).not.toBeNull();
  });

  it('opens links in a new tab, without the opener or the referrer', () => {
    const link = render('See [the chart](https://example.com/sizes).').querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.com/sizes');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('shows raw HTML in the text as text: no element, no handler', () => {
    const html = render('Hello <img src=x onerror=alert(1)> there');
    expect(html.querySelector('img')).toBeNull();
    expect(html.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(hasHandlers(html)).toBe(false);
  });

  it('never lets a script through, as raw HTML or inside other markup', () => {
    const texts = [
      '<script>alert(1)</script>',
      'before\n\n<script>alert(1)</script>\n\nafter',
      '**<script>alert(1)</script>**',
      '<div><script>alert(1)</script></div>',
      '<svg><script>alert(1)</script></svg>',
    ];
    for (const text of texts) {
      const html = render(text);
      expect(html.querySelector('script, svg, div')).toBeNull();
      expect(renderMarkdown(text)).not.toMatch(/<script/i);
    }
  });

  it('drops script URLs and event handlers from links', () => {
    const html = render('[click](javascript:alert(1)) <a href="#" onclick="alert(1)">x</a>');
    for (const link of html.querySelectorAll('a')) {
      expect(link.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
      expect(link.hasAttribute('onclick')).toBe(false);
    }
    expect(renderMarkdown('[click](javascript:alert(1))')).not.toMatch(/javascript:/i);
  });

  it('loads no images: a Markdown image becomes a link to it', () => {
    const html = render('![size chart](https://tracker.example/pixel.png)');
    expect(html.querySelector('img')).toBeNull();
    expect(html.querySelector('a')?.getAttribute('href')).toBe('https://tracker.example/pixel.png');
    expect(html.textContent).toContain('size chart');
  });

  it('puts the caret after the last word, inside the last paragraph or list item', () => {
    const paragraph = render('Your size is **M', { caret: true });
    expect(paragraph.querySelector(`p > .${CARET_CLASS}`)).not.toBeNull();
    expect(paragraph.querySelector(`.${CARET_CLASS}`)?.getAttribute('aria-hidden')).toBe('true');

    const list = render('Sizes:\n\n- S\n- M', { caret: true });
    const caret = list.querySelector(`.${CARET_CLASS}`);
    expect(caret?.parentElement?.tagName).toBe('LI');
    expect(caret?.parentElement?.textContent).toBe('M');

    expect(render('', { caret: true }).querySelectorAll(`.${CARET_CLASS}`)).toHaveLength(1);
    expect(render('done').querySelector(`.${CARET_CLASS}`)).toBeNull();
  });

  it('does not let the text fake a caret', () => {
    const html = render(
      `<span class="${CARET_CLASS}"></span> and *<span class="${CARET_CLASS}">x</span>*`,
    );
    expect(html.querySelector(`.${CARET_CLASS}`)).toBeNull();
  });
});

describe('renderMarkdown for a person', () => {
  const person = (text: string, options: RenderOptions = {}) =>
    render(text, { ...options, profile: 'person' });

  it('formats the chat subset: bold, italic, strike, code, quotes and lists', () => {
    const html = person(
      '**bold** _italic_ *also* ~~gone~~ ~struck~ `x = 1`\n\n> quoted\n\n- one\n- two\n\n1. first',
    );
    expect(html.querySelector('strong')?.textContent).toBe('bold');
    expect([...html.querySelectorAll('em')].map((em) => em.textContent)).toEqual([
      'italic',
      'also',
    ]);
    expect([...html.querySelectorAll('del')].map((del) => del.textContent)).toEqual([
      'gone',
      'struck',
    ]);
    expect(html.querySelector('p > code')?.textContent).toBe('x = 1');
    expect(html.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    expect(html.querySelectorAll('ul > li')).toHaveLength(2);
    expect(html.querySelectorAll('ol > li')).toHaveLength(1);
  });

  it('keeps headings, rules, tables and indented lines as the text typed', () => {
    const text = '# Not a title\nSetext\n===\n\n---\n\na | b\n--|--\n1 | 2\n\n    not code';
    const html = person(text);
    expect(html.querySelector('h1, h2, h3, h4, h5, h6, hr, table, pre')).toBeNull();
    for (const written of ['# Not a title', '===', '---', 'a | b', 'not code']) {
      expect(html.textContent).toContain(written);
    }
  });

  it('shows raw HTML and images as text or a link, never as elements', () => {
    const html = person(
      '<b onclick="x()">hi</b> <img src=x onerror=alert(1)> ![pic](https://t.example/p.png)',
    );
    expect(html.querySelector('b, img, script')).toBeNull();
    expect(hasHandlers(html)).toBe(false);
    expect(html.textContent).toContain('<b onclick="x()">hi</b>');
    expect(html.querySelector('a')?.getAttribute('href')).toBe('https://t.example/p.png');
  });

  it('removes scripts, handlers and script URLs', () => {
    const html = person(
      '<script>alert(1)</script> [x](javascript:alert(1)) <a href="javascript:alert(1)">y</a>',
    );
    expect(html.querySelector('script')).toBeNull();
    expect(hasHandlers(html)).toBe(false);
    for (const link of html.querySelectorAll('a')) {
      expect(link.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
    }
    expect(renderMarkdown('[x](javascript:alert(1))', { profile: 'person' })).not.toMatch(
      /javascript:/i,
    );
  });

  it('links bare addresses, domains and e-mails, opening in a new tab', () => {
    const html = person(
      'see https://example.com/a_b_c_, example.org, **www.example.net** and bob@example.net',
    );
    const links = [...html.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['https://example.com/a_b_c_', 'https://example.com/a_b_c_'],
      ['example.org', 'http://example.org'],
      ['www.example.net', 'http://www.example.net'],
      ['bob@example.net', 'mailto:bob@example.net'],
    ]);
    expect(html.querySelector('strong > a')).not.toBeNull();
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('finds each address in its own context, whatever came before', () => {
    person('write to bob@example.org');
    const html = person('**example.org** or bob@example.org');
    expect([...html.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'http://example.org',
      'mailto:bob@example.org',
    ]);
  });

  it('leaves addresses in code, and a link’s own text, alone', () => {
    const html = person('`example.org` [example.com](https://example.net)');
    expect(html.querySelector('code')?.textContent).toBe('example.org');
    expect([...html.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://example.net',
    ]);
  });

  it('keeps line breaks', () => {
    expect(person('one\ntwo').querySelector('p br')).not.toBeNull();
  });
});

describe('code blocks', () => {
  const code = '```ts\nconst size: string = "M"; // fits\n```';

  it('are plain without a highlighter, and coloured with one', () => {
    const plain = render(code, { profile: 'person' });
    expect(plain.querySelector('pre > code')?.className).toBe('hljs language-ts');
    expect(plain.querySelector('pre span')).toBeNull();

    const coloured = render(code, { profile: 'person', highlight: highlightCode });
    const block = coloured.querySelector('pre > code');
    expect(block?.textContent).toBe('const size: string = "M"; // fits\n');
    expect(block?.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(block?.querySelector('.hljs-string')?.textContent).toBe('"M"');
    expect(block?.querySelector('.hljs-comment')?.textContent).toBe('// fits');
  });

  it('stay text, whatever the code says', () => {
    const html = render('```html\n<img src=x onerror=alert(1)><script>alert(1)</script>\n```', {
      profile: 'person',
      highlight: highlightCode,
    });
    expect(html.querySelector('img, script')).toBeNull();
    expect(hasHandlers(html)).toBe(false);
    expect(html.querySelector('pre')?.textContent).toContain('<script>alert(1)</script>');
  });

  it('are told apart from inline code, to load the highlighter only for them', () => {
    expect(hasCodeBlock(code)).toBe(true);
    expect(hasCodeBlock('text\n~~~\nx\n~~~')).toBe(true);
    expect(hasCodeBlock('inline `code` and ``more``')).toBe(false);
  });
});
