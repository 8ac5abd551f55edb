import { findLinks } from './linkify';

describe('findLinks', () => {
  it('finds nothing in text without links', () => {
    expect(findLinks('just words, no dots')).toEqual([]);
  });

  it('finds web addresses, bare domains and e-mail addresses where they are', () => {
    const text = 'see https://example.com/a?b=1, or example.org and mail bob@example.net';
    expect(findLinks(text)).toEqual([
      { index: 4, raw: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { index: 34, raw: 'example.org', href: 'http://example.org' },
      { index: 55, raw: 'bob@example.net', href: 'mailto:bob@example.net' },
    ]);
  });

  it('makes no link of script or protocol-relative addresses', () => {
    for (const text of ['javascript:alert(1)', 'ftp://example.com/file', '//example.com/x']) {
      expect(findLinks(text)).toEqual([]);
    }
  });
});
