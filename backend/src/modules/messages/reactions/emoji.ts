import { BadRequestException, type PipeTransform } from '@nestjs/common';

export const MAX_EMOJI_LENGTH = 32;

/**
 * One emoji as people pick it: a pictograph with an optional variation selector or skin tone,
 * joined to more by ZWJ (families, professions), a subdivision flag (tag sequence), a country
 * flag (two regional indicators) or a keycap. Plain text, digits alone, NUL and lone
 * surrogates never match.
 */
const PICTOGRAPH = String.raw`\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?`;
const EMOJI = new RegExp(
  String.raw`^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|${PICTOGRAPH}(?:[\u{E0020}-\u{E007E}]+\u{E007F})?(?:\u200D${PICTOGRAPH})*)$`,
  'u',
);

export function isSingleEmoji(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_EMOJI_LENGTH &&
    EMOJI.test(value)
  );
}

/** The `:emoji` route parameter: 400 naming `emoji` unless it is one emoji. */
export class ParseEmojiPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isSingleEmoji(value)) {
      throw new BadRequestException([
        `emoji must be a single emoji (1-${MAX_EMOJI_LENGTH} UTF-16 code units)`,
      ]);
    }
    return value;
  }
}
