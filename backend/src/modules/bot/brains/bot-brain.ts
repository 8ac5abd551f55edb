import { setTimeout as sleep } from 'node:timers/promises';

/** One message the bot sees, oldest first; the last one is what it answers. */
export interface BotTurn {
  role: 'user' | 'bot';
  /** Who wrote it, as people see them (display name). */
  author: string;
  text: string;
  /** Written by the person the bot is answering (a group has others too). */
  fromRequester: boolean;
}

export interface BotPrompt {
  turns: BotTurn[];
}

/** What writes a bot's replies. Each built-in bot has one; the worker streams what it yields. */
export abstract class BotBrain {
  /** The same prompt always gives the same reply, so replies may be cached. */
  abstract readonly deterministic: boolean;
  abstract reply(prompt: BotPrompt, signal: AbortSignal): AsyncIterable<string>;
}

/** Pace of locally written replies: close to a fast model, so they read as streamed text. */
const CHUNK_WORDS = 3;
const CHUNK_PAUSE_MS = 25;

/** Yields a finished text a few words at a time, as a model streams tokens. */
export async function* streamText(text: string, signal: AbortSignal): AsyncIterable<string> {
  const words = text.match(/\S+\s*/g) ?? [];
  const leading = /^\s*/.exec(text)?.[0] ?? '';
  for (let i = 0; i < words.length; i += CHUNK_WORDS) {
    if (i > 0) await sleep(CHUNK_PAUSE_MS, undefined, { signal });
    const chunk = words.slice(i, i + CHUNK_WORDS).join('');
    yield i === 0 ? leading + chunk : chunk;
  }
}
