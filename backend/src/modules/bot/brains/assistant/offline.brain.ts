import { BotBrain, type BotPrompt, streamText } from '../bot-brain';

const QUOTE_LIMIT = 80;

/** The assistant when no model is configured: says so, and how an administrator connects one. */
export class OfflineAssistantBrain extends BotBrain {
  readonly deterministic = true;

  reply(prompt: BotPrompt, signal: AbortSignal): AsyncIterable<string> {
    const asked = prompt.turns.at(-1)?.text.replace(/\s+/g, ' ').trim() ?? '';
    const quote = asked.length > QUOTE_LIMIT ? `${asked.slice(0, QUOTE_LIMIT - 1)}…` : asked;
    const text =
      `I'm offline: this server is not connected to a language model, so I can't answer ` +
      `"${quote}" yet.\n\n` +
      `An administrator can connect any OpenAI-compatible server by setting \`LLM_BASE_URL\`, ` +
      `for example a local Ollama: \`LLM_BASE_URL=http://localhost:11434/v1 LLM_MODEL=llama3.2\`. ` +
      `Meanwhile, @sizebot answers clothing and shoe size questions.`;
    return streamText(text, signal);
  }
}
