import { compileSearch, headlineParts, parseSearch } from './search-query';

describe('parseSearch', () => {
  const word = (text: string, extra: object = {}) => ({
    kind: 'word',
    text,
    negated: false,
    prefix: false,
    ...extra,
  });

  it('ANDs words and makes the last one a prefix', () => {
    expect(parseSearch('  quarterly   rep ')).toEqual([
      [word('quarterly'), word('rep', { prefix: true })],
    ]);
  });

  it('reads phrases, exclusions and or like websearch_to_tsquery', () => {
    expect(parseSearch('"release notes" -draft or -"old copy" plan')).toEqual([
      [
        { kind: 'phrase', text: 'release notes', negated: false, prefix: false },
        word('draft', { negated: true }),
      ],
      [
        { kind: 'phrase', text: 'old copy', negated: true, prefix: false },
        word('plan', { prefix: true }),
      ],
    ]);
    // `or` at either end, or twice, is a word; an unclosed quote runs to the end.
    expect(parseSearch('or cats or')).toEqual([
      [word('or'), word('cats'), word('or', { prefix: true })],
    ]);
    expect(parseSearch('a or or b')).toEqual([[word('a')], [word('or'), word('b')]]);
    expect(parseSearch('"open phrase')).toEqual([
      [{ kind: 'phrase', text: 'open phrase', negated: false, prefix: false }],
    ]);
  });

  it('prefix needs two letters, and never applies to phrases or exclusions', () => {
    expect(parseSearch('x')).toEqual([[word('x')]]);
    expect(parseSearch('a -bc')).toEqual([[word('a'), word('bc', { negated: true })]]);
  });

  it('drops the highlight markers from the input', () => {
    expect(parseSearch('a\u0001b\u0002')).toEqual([[word('a'), word('b')]]);
  });
});

describe('compileSearch', () => {
  it('passes every text as a parameter; prefixes keep only letters and digits', () => {
    const { sql, params } = compileSearch(parseSearch(`it's "a b" -c or d'); DROP:*`));
    expect(sql).toBe(
      "((plainto_tsquery('chat_search'::regconfig, $1) && phraseto_tsquery('chat_search'::regconfig, $2) && (!! plainto_tsquery('chat_search'::regconfig, $3))) || (plainto_tsquery('chat_search'::regconfig, $4) && to_tsquery('chat_search'::regconfig, $5)))",
    );
    expect(params).toEqual(["it's", 'a b', 'c', "d');", 'DROP:*']);
  });
});

describe('headlineParts', () => {
  it('splits on the markers and merges neighbours', () => {
    expect(headlineParts('Lunch at \u0001Café\u0002-\u0001Bar\u0002 today')).toEqual([
      { text: 'Lunch at ', match: false },
      { text: 'Café', match: true },
      { text: '-', match: false },
      { text: 'Bar', match: true },
      { text: ' today', match: false },
    ]);
    expect(headlineParts('')).toEqual([]);
  });
});
