import { Injectable } from '@nestjs/common';
import { AppConfig, type BuiltInBot } from '../../../config/app-config';
import type { BotBrain } from './bot-brain';
import { OfflineAssistantBrain } from './assistant/offline.brain';
import { OpenAiBrain } from './assistant/openai.brain';
import { SizebotBrain } from './sizebot/sizebot.brain';

/** The brain for each built-in bot, chosen once from the configuration. */
@Injectable()
export class BrainRegistry {
  private readonly brains: Record<BuiltInBot, BotBrain>;

  constructor(config: AppConfig) {
    this.brains = {
      sizebot: new SizebotBrain(),
      assistant: config.LLM_BASE_URL
        ? new OpenAiBrain({
            baseUrl: config.LLM_BASE_URL,
            apiKey: config.LLM_API_KEY,
            model: config.LLM_MODEL,
            systemPrompt: config.LLM_SYSTEM_PROMPT,
            timeoutMs: config.LLM_TIMEOUT_MS,
          })
        : new OfflineAssistantBrain(),
    };
  }

  for(provider: string): BotBrain | null {
    return (this.brains as Record<string, BotBrain | undefined>)[provider] ?? null;
  }
}
