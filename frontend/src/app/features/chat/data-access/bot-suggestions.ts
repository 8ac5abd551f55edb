// What the chat suggests asking the bots it knows. Only bots the server offers are suggested.
import { BotDto } from '../../../core/api/model';

export interface BotIntro {
  /** The suggestion in an empty conversation list, e.g. "Ask SizeBot for your size". */
  readonly title: string;
  readonly text: string;
  /** Questions to start with, offered in an empty chat with the bot. */
  readonly prompts: readonly string[];
}

export interface BotSuggestion extends BotIntro {
  readonly bot: BotDto;
}

/** By username, in the order they are suggested. */
const INTROS: ReadonlyMap<string, BotIntro> = new Map([
  [
    'sizebot',
    {
      title: 'Ask SizeBot for your size',
      text: 'Clothing and shoe sizes from your height and weight, or your foot length.',
      prompts: [
        "I'm 180 cm and 75 kg, which T-shirt size?",
        'My foot is 27 cm long, which shoe size?',
        'Which jeans size fits a 32 in waist?',
      ],
    },
  ],
  [
    'assistant',
    {
      title: 'Ask the Assistant anything',
      text: 'Questions answered, texts drafted, ideas explained.',
      prompts: [
        'Explain what a REST API is, in two sentences.',
        'Draft a friendly reminder about Friday’s team meeting.',
      ],
    },
  ],
]);

/** Suggestions for the bots this server offers, best known first. */
export function botSuggestions(bots: readonly BotDto[]): BotSuggestion[] {
  const byUsername = new Map(bots.map((bot) => [bot.username, bot]));
  return [...INTROS].flatMap(([username, intro]) => {
    const bot = byUsername.get(username);
    return bot ? [{ ...intro, bot }] : [];
  });
}

/** Questions to start a chat with this bot; none for a bot the app does not know. */
export function botPrompts(username: string): readonly string[] {
  return INTROS.get(username)?.prompts ?? [];
}
