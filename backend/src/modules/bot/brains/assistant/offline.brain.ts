import { BotBrain, type BotPrompt, streamText } from '../bot-brain';

/**
 * The assistant when no model is configured: one plain sentence for the person asking. How to
 * connect a model is for administrators, in docs/configuration.md, not in people's chats.
 */
export const OFFLINE_REPLY =
  "Sorry, I can't answer yet: this server isn't connected to a language model. " +
  'Meanwhile, @sizebot answers clothing and shoe size questions.';

export class OfflineAssistantBrain extends BotBrain {
  readonly deterministic = true;

  reply(_prompt: BotPrompt, signal: AbortSignal): AsyncIterable<string> {
    return streamText(OFFLINE_REPLY, signal);
  }
}
