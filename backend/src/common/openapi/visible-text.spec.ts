import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { TrimmedText } from './validation.decorators';

class Input {
  @TrimmedText({ min: 1, max: 20, field: 'body' })
  body: string;
}

const errors = (body: unknown) =>
  validateSync(plainToInstance(Input, { body })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('TrimmedText: nothing visible is refused like nothing at all', () => {
  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a word joiner and a BOM', '\u2060\uFEFF'],
    ['variation selectors', '\uFE0F\uFE0E'],
    ['direction marks', '\u200E\u200F\u202E'],
    ['a soft hyphen', '\u00AD'],
    ['Hangul fillers', '\u3164\uFFA0'],
    ['the blank Braille pattern', '\u2800'],
    ['tag characters', '\u{E0020}\u{E0041}'],
    ['spaces and joiners', ' \u200D \u200C '],
  ])('%s', (_name, body) => {
    expect(errors(body)).toEqual(['body must be 1-20 characters']);
  });

  it('refuses empty text with one message', () => {
    expect(errors('   ')).toEqual(['body must be 1-20 characters']);
  });

  it.each([
    ['a letter', 'a'],
    ['an emoji with a variation selector', '\u2764\uFE0F'],
    ['a joined emoji', '\u{1F468}\u200D\u{1F469}'],
    ['a letter among joiners', '\u200Bx\u200B'],
  ])('keeps %s', (_name, body) => {
    expect(errors(body)).toEqual([]);
  });
});
