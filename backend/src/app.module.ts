import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { loggerModule } from './common/logger.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { RedisModule } from './common/redis/redis.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './modules/auth/auth.module';
import { BotsHttpModule } from './modules/bot/bots-http.module';
import { BotWorkerModule } from './modules/bot/worker/bot-worker.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { UsersModule } from './modules/users/users.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { MessagesModule } from './modules/messages/messages.module';
import { RealtimePublisherModule } from './modules/realtime/realtime-publisher.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { SearchModule } from './modules/search/search.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config),
        DatabaseModule,
        RedisModule,
        RateLimitModule,
        MetricsModule,
        HealthModule,
        RealtimePublisherModule,
        UsersModule,
        AuthModule,
        ConversationsModule,
        MessagesModule,
        BotsHttpModule,
        SearchModule,
        RealtimeModule,
        // WORKER_MODE=inline: one process also writes the bot replies (npm start).
        ...(config.WORKER_MODE === 'inline' ? [BotWorkerModule] : []),
      ],
    };
  }
}
