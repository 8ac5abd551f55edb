import { BotBrain, type BotPrompt, streamText } from '../bot-brain';
import { sizebotReply } from './sizebot';

/** SizeBot: size tables, no model. It remembers what the person it answers said earlier. */
export class SizebotBrain extends BotBrain {
  readonly deterministic = true;

  reply(prompt: BotPrompt, signal: AbortSignal): AsyncIterable<string> {
    const history = prompt.turns
      .filter((turn) => turn.role === 'bot' || turn.fromRequester)
      .map((turn) => ({ role: turn.role, text: turn.text }));
    return streamText(sizebotReply(history), signal);
  }
}
