import type { BuiltInBot } from '../../config/app-config';

export interface BotDefinition {
  username: BuiltInBot;
  displayName: string;
  description: string;
  avatarUrl: string;
  /** Answers only with a language model (`LLM_BASE_URL`); without one it says it cannot. */
  needsModel: boolean;
  /** What it does, shown instead of `description` while it has no model to answer with. */
  descriptionWithoutModel?: string;
}

/** Shown where a bot's availability shows (its header, the new-chat dialog). */
export const NO_MODEL_REASON = 'Not connected to a model';

/** A round avatar with a glyph, inline so it needs no asset server (CSP allows data: images). */
export const avatar = (background: string, glyph: string) =>
  'data:image/svg+xml,' +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="${background}"/>` +
      `<text x="32" y="42" font-family="sans-serif" font-size="28" font-weight="700" text-anchor="middle" fill="#fff">${glyph}</text></svg>`,
  );

/** The bots this product ships; BOTS picks which ones a server offers. */
export const BOT_CATALOG: Record<BuiltInBot, BotDefinition> = {
  sizebot: {
    username: 'sizebot',
    displayName: 'SizeBot',
    description:
      'Clothing and shoe size advice: tell it your height and weight, chest, waist or foot length, and what you want to buy.',
    avatarUrl: avatar('#00897b', 'S'),
    needsModel: false,
  },
  assistant: {
    username: 'assistant',
    displayName: 'Assistant',
    description:
      'A general assistant that answers questions, drafts and explains; it runs on the language model this server is connected to.',
    avatarUrl: avatar('#5e35b1', 'A'),
    needsModel: true,
    descriptionWithoutModel:
      'A general assistant. This server has not connected it to a language model, so it cannot answer yet.',
  },
};
