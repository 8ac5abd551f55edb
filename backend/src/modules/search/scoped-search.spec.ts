import { randomBytes } from 'node:crypto';
import { BlindIndex } from '../../common/encryption/key-ring';
import { blindScopedQueries, pickScopeWord, plainScopedQueries } from './scoped-search';

describe('scoped search', () => {
  const c1 = '11111111-1111-4111-8111-aaaaaaaaaaaa';
  const c2 = '22222222-2222-4222-8222-bbbbbbbbbbbb';

  it('looks an alternative up by its longest whole word, a prefix only when there is no other', () => {
    expect(
      pickScopeWord([
        { text: 'hello', prefix: false },
        { text: 'zanzibar', prefix: false },
        { text: 'deployments', prefix: true },
      ]),
    ).toEqual({ text: 'zanzibar', prefix: false });
    expect(pickScopeWord([{ text: 'dep', prefix: true }])).toEqual({ text: 'dep', prefix: true });
    expect(pickScopeWord([])).toBeNull();
  });

  it('per conversation, ORs the word of each alternative behind its tag, quoted for tsquery', () => {
    expect(
      plainScopedQueries(
        [c1, c2],
        [[{ text: "it's", prefix: false }], [{ text: 'dep', prefix: true }]],
      ),
    ).toEqual([`'aaaaaaaa:it''s' | 'aaaaaaaa:dep':*`, `'bbbbbbbb:it''s' | 'bbbbbbbb:dep':*`]);
    // An alternative with only excluded words cannot be looked up this way.
    expect(plainScopedQueries([c1], [[{ text: 'a', prefix: false }], []])).toBeNull();
  });

  it('hashes the word scoped to each conversation under encryption', () => {
    const index = new BlindIndex(randomBytes(32));
    expect(blindScopedQueries([c1, c2], [[{ text: 'plan', prefix: false }]], index)).toEqual([
      `'${index.hash(`${c1}:plan`)}'`,
      `'${index.hash(`${c2}:plan`)}'`,
    ]);
  });
});
