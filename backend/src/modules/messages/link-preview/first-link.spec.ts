import { firstLinkOf, mayHaveLink } from './first-link';

describe('firstLinkOf', () => {
  it.each([
    ['see https://example.org/a?b=1 now', 'https://example.org/a?b=1'],
    ['HTTP://Example.ORG', 'http://example.org/'],
    ['two: http://a.example/ and https://b.example/', 'http://a.example/'],
    ['end of a sentence: https://example.org/page.', 'https://example.org/page'],
    ['(https://example.org/x)', 'https://example.org/x'],
    ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
    ['[the docs](https://example.org/docs)', 'https://example.org/docs'],
    ['**https://example.org/bold**', 'https://example.org/bold'],
    ['<https://example.org/auto>', 'https://example.org/auto'],
    ['`https://code.example/` then https://real.example/', 'https://real.example/'],
    ['```\nhttps://code.example/\n```\nhttps://after.example/', 'https://after.example/'],
  ])('%j links %j', (body, link) => {
    expect(firstLinkOf(body)).toBe(link);
  });

  it.each([
    ['no link at all'],
    ['example.org without a scheme'],
    ['ftp://files.example/x'],
    ['javascript://alert(1)'],
    ['only in code: `https://code.example/`'],
    ['```\nhttps://inside.example/ (an unclosed fence)'],
    [`https://example.org/${'a'.repeat(2100)}`],
  ])('%j has none', (body) => {
    expect(firstLinkOf(body)).toBeNull();
  });

  it('is null for a deleted body', () => {
    expect(firstLinkOf(null)).toBeNull();
    expect(mayHaveLink(null)).toBe(false);
  });
});
