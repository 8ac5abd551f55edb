import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { BotBrain, type BotPrompt } from '../bot-brain';

export interface OpenAiBrainOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  systemPrompt: string;
  /** Silence allowed before the first chunk and between chunks. */
  timeoutMs: number;
  /** Retries of 429 and 5xx answers, honouring Retry-After (the client's own policy). */
  maxRetries?: number;
}

/** The model's stream ended without saying it was finished (a cut connection). */
export class StreamCutError extends Error {
  constructor() {
    super("the model's answer was cut off");
  }
}

/** The model said nothing for too long. */
export class ModelTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the model did not answer within ${timeoutMs / 1000} s`);
  }
}

/** The assistant on any OpenAI-compatible `/v1/chat/completions` (Ollama, vLLM, llama.cpp). */
export class OpenAiBrain extends BotBrain {
  readonly deterministic = false;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiBrainOptions) {
    super();
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      // Local servers need no key, but the client insists on one.
      apiKey: options.apiKey || 'not-needed',
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 2,
    });
  }

  async *reply(prompt: BotPrompt, signal: AbortSignal): AsyncIterable<string> {
    // Our own timer covers silence mid-stream too, which the client's timeout does not.
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => idle.abort(new ModelTimeoutError(this.options.timeoutMs)),
        this.options.timeoutMs,
      );
    };
    const combined = AbortSignal.any([signal, idle.signal]);
    arm();
    try {
      const stream = await this.client.chat.completions.create(
        { model: this.options.model, messages: this.messagesFor(prompt), stream: true },
        { signal: combined },
      );
      let finished = false;
      for await (const chunk of stream) {
        arm();
        const choice = chunk.choices[0];
        if (choice?.delta?.content) yield choice.delta.content;
        if (choice?.finish_reason) finished = true;
      }
      if (!finished) throw new StreamCutError();
    } catch (error) {
      if (idle.signal.aborted) throw idle.signal.reason as Error;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private messagesFor(prompt: BotPrompt): ChatCompletionMessageParam[] {
    const several = new Set(prompt.turns.filter((t) => t.role === 'user').map((t) => t.author));
    return [
      { role: 'system', content: this.options.systemPrompt },
      ...prompt.turns.map((turn): ChatCompletionMessageParam =>
        turn.role === 'bot'
          ? { role: 'assistant', content: turn.text }
          : // In a group the model needs to know who said what.
            {
              role: 'user',
              content: several.size > 1 ? `${turn.author}: ${turn.text}` : turn.text,
            },
      ),
    ];
  }
}
