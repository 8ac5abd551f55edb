import { BadRequestException } from '@nestjs/common';
import { isSingleEmoji, ParseEmojiPipe } from './emoji';

describe('isSingleEmoji', () => {
  it.each(['👍', '❤️', '👍🏽', '👨‍👩‍👧‍👦', '🧑🏽‍🤝‍🧑🏻', '🏳️‍🌈', '👁️‍🗨️', '🇫🇷', '1️⃣', '#️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'])(
    'accepts %s',
    (emoji) => expect(isSingleEmoji(emoji)).toBe(true),
  );

  it.each([
    ['empty', ''],
    ['text', 'abc'],
    ['a digit', '1'],
    ['two emoji', '👍👍'],
    ['emoji then text', '👍a'],
    ['half a flag', '🇫'],
    ['NUL', '\u0000'],
    ['a lone surrogate', '\ud83d'],
    ['a trailing ZWJ', '👍\u200d'],
    ['over 32 code units', '👍' + '\u200d👍'.repeat(11)],
    ['not a string', 42],
  ])('refuses %s', (_what, value) => expect(isSingleEmoji(value)).toBe(false));

  it('the pipe answers 400 naming emoji', () => {
    expect(() => new ParseEmojiPipe().transform('abc')).toThrow(BadRequestException);
    try {
      new ParseEmojiPipe().transform('abc');
    } catch (error) {
      expect((error as BadRequestException).getResponse()).toMatchObject({
        message: [expect.stringMatching(/^emoji /)],
      });
    }
  });
});
