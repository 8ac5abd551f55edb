import { randomBytes } from 'node:crypto';
import { BlindIndex } from '../../common/encryption/key-ring';
import { blindHighlight, blindQuery, blindVector, matchedWords, searchWords } from './blind-search';
import { parseSearch } from './search-query';

describe('blind search', () => {
  const index = new BlindIndex(randomBytes(32));
  const h = (word: string) => `'${index.hash(word)}'`;

  it('normalizes words as chat_search does: lower case, no accents, split at punctuation', () => {
    expect(searchWords("Café ZOË, it's Dvořák's e-mail 東京 42")).toEqual([
      'cafe',
      'zoe',
      'it',
      's',
      'dvorak',
      's',
      'e',
      'mail',
      '東京',
      '42',
    ]);
  });

  it('stores the hashes of distinct words, alone and scoped to the conversation, never the words', () => {
    const vector = blindVector('Report: the report is late', index, 'c1');
    const words = ['report', 'the', 'is', 'late'];
    expect(vector.split(' ').sort()).toEqual(
      [...words.map((w) => h(w)), ...words.map((w) => h(`c1:${w}`))].sort(),
    );
    expect(vector).not.toMatch(/report|late/);
  });

  it('compiles words, phrases, exclusions and or into hashes; prefixes match whole words', () => {
    expect(blindQuery(parseSearch('"release notes" -draft or Plan'), index)).toBe(
      `((${h('release')} & ${h('notes')}) & !${h('draft')}) | (${h('plan')})`,
    );
    expect(blindQuery(parseSearch('?! -x'), index)).toBe(`(!${h('x')})`);
    expect(blindQuery(parseSearch('?!'), index)).toBe('');
    expect([...matchedWords(parseSearch('Café -draft "a b"'))]).toEqual(['cafe', 'a', 'b']);
  });

  it('highlights whole short messages, and an excerpt around the first match of long ones', () => {
    expect(blindHighlight('Lunch at Café Zoë? The café is closed', new Set(['cafe']))).toEqual([
      { text: 'Lunch at ', match: false },
      { text: 'Café', match: true },
      { text: ' Zoë? The ', match: false },
      { text: 'café', match: true },
      { text: ' is closed', match: false },
    ]);
    const long = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    const parts = blindHighlight(long, new Set(['w40']));
    expect(parts.map((p) => p.text).join('')).toBe(
      Array.from({ length: 20 }, (_, i) => `w${i + 35}`).join(' '),
    );
    expect(parts.filter((p) => p.match)).toEqual([{ text: 'w40', match: true }]);
  });
});
