import { EXCERPT_CHARS, pushExcerpt } from './push-excerpt';

describe('pushExcerpt', () => {
  it('drops Markdown marks and keeps the words', () => {
    expect(pushExcerpt('**bold** _it_ ~gone~ `x` [docs](https://e.org)')).toBe(
      'bold it gone x docs',
    );
  });

  it('turns code blocks into [code] and lists and quotes into lines of text', () => {
    expect(pushExcerpt('see\n```ts\nconst a = 1;\n```\n> quoted\n- item')).toBe(
      'see [code] quoted item',
    );
  });

  it('cuts long bodies with an ellipsis', () => {
    const excerpt = pushExcerpt('word '.repeat(100));
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});
