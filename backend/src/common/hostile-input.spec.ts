import { findHostileValue, scanJsonText } from './hostile-input';

describe('scanJsonText', () => {
  it('accepts ordinary JSON, escapes and emoji included', () => {
    expect(
      scanJsonText('{"body":"caf\\u00e9 \\"quoted\\" [not nesting] 😀 \\ud83d\\ude00"}'),
    ).toBeNull();
    expect(scanJsonText(JSON.stringify({ a: [[{ b: 1 }]] }))).toBeNull();
  });

  it('refuses NUL characters, escaped or raw', () => {
    expect(scanJsonText('{"body":"a\\u0000b"}')).toMatch(/NUL/);
    expect(scanJsonText('{"body":"a\u0000b"}')).toMatch(/NUL/);
  });

  it('refuses unpaired surrogates, escaped or raw', () => {
    expect(scanJsonText('{"body":"\\ud800"}')).toMatch(/surrogate/);
    expect(scanJsonText('{"body":"\\udc00x"}')).toMatch(/surrogate/);
    expect(scanJsonText('{"body":"\ud800"}')).toMatch(/surrogate/);
  });

  it('refuses nesting past the limit without parsing it', () => {
    expect(scanJsonText('['.repeat(33) + ']'.repeat(33))).toMatch(/deeper than 32/);
    expect(scanJsonText('['.repeat(32) + ']'.repeat(32))).toBeNull();
    // Brackets inside strings do not count.
    expect(scanJsonText(`{"a":"${'['.repeat(100)}"}`)).toBeNull();
    expect(scanJsonText('['.repeat(1_000_000))).toMatch(/deeper/);
  });
});

describe('findHostileValue', () => {
  it('accepts ordinary payloads', () => {
    expect(
      findHostileValue({ conversationId: 'x', body: 'hi 😀', n: 1, list: [1, 'a'] }),
    ).toBeNull();
  });

  it('refuses NUL, lone surrogates, prototype keys and deep nesting', () => {
    expect(findHostileValue({ body: 'a\u0000' })).toMatch(/NUL/);
    expect(findHostileValue({ body: '\ud800' })).toMatch(/surrogate/);
    expect(findHostileValue(JSON.parse('{"__proto__":{"admin":true}}'))).toMatch(/__proto__/);
    expect(findHostileValue({ nested: { constructor: 1 } })).toMatch(/constructor/);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i += 1) deep = [deep];
    expect(findHostileValue(deep)).toMatch(/deeper/);
  });
});
