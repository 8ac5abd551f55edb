import { linkParts } from './linkify';

describe('linkParts', () => {
  it('leaves text without links alone', () => {
    expect(linkParts('just words, no dots')).toEqual([{ text: 'just words, no dots', href: null }]);
  });

  it('finds web addresses, bare domains and e-mail addresses, keeping the text around them', () => {
    expect(
      linkParts('see https://example.com/a?b=1, or example.org and mail bob@example.net'),
    ).toEqual([
      { text: 'see ', href: null },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', or ', href: null },
      { text: 'example.org', href: 'http://example.org' },
      { text: ' and mail ', href: null },
      { text: 'bob@example.net', href: 'mailto:bob@example.net' },
    ]);
  });

  it('makes no link of script or protocol-relative addresses', () => {
    for (const text of ['javascript:alert(1)', 'ftp://example.com/file', '//example.com/x']) {
      expect(linkParts(text).every((part) => part.href === null)).toBe(true);
    }
  });

  it('keeps markup in the text as text', () => {
    const text = '<img src=x onerror=alert(1)> https://example.com';
    const parts = linkParts(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts[0]).toEqual({ text: '<img src=x onerror=alert(1)> ', href: null });
  });
});
