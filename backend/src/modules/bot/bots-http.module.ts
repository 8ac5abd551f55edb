import { Module } from '@nestjs/common';
import { BotModule } from './bot.module';
import { BotsController } from './bots.controller';

/** The bots' REST routes, for the API only (the worker serves no API). */
@Module({
  imports: [BotModule],
  controllers: [BotsController],
})
export class BotsHttpModule {}
