import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { BotsService } from './bots.service';
import { BotDto } from './dto/bot.dto';

@ApiTags('bots')
@ApiBearerAuth()
@Controller()
export class BotsController {
  constructor(private readonly bots: BotsService) {}

  /** The bots this server offers. Talk to one in a direct conversation, or @mention it in a group it is in. */
  @Get('bots')
  @ApiOkResponse({ type: [BotDto] })
  listBots(): Promise<BotDto[]> {
    return this.bots.list();
  }

  /** Stops a bot reply that is still streaming; what it wrote so far stays as the reply. */
  @Post('messages/:id/stop')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Stopping (or already finished)' })
  @ApiNotFoundResponse({ description: 'No such message in your conversations' })
  @ApiConflictResponse({ description: 'Not a bot reply' })
  async stopBotReply(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    await this.bots.stop(id, user.id);
  }

  /** Asks the bot again for a reply that failed: the same message streams anew. */
  @Post('messages/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'The reply is being written again' })
  @ApiNotFoundResponse({ description: 'No such message in your conversations' })
  @ApiConflictResponse({ description: 'Not a failed bot reply' })
  async retryBotReply(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    await this.bots.retry(id, user.id);
  }
}
