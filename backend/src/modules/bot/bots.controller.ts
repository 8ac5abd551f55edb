import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { BotsService } from './bots.service';
import { BotDto } from './dto/bot.dto';

@ApiTags('bots')
@ApiSignedIn()
@Controller()
export class BotsController {
  constructor(private readonly bots: BotsService) {}

  /** The bots this server offers. Talk to one in a direct conversation, or @mention it in a group it is in. */
  @Get('bots')
  @ApiOperation({ summary: 'List the bots this server offers' })
  @ApiOkResponse({ type: [BotDto] })
  listBots(): Promise<BotDto[]> {
    return this.bots.list();
  }

  /** Stops a bot reply that is still streaming; what it wrote so far stays as the reply. */
  @Post('messages/:id/stop')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop a streaming bot reply' })
  @ApiNoContentResponse({ description: 'Stopping (or already finished)' })
  @ApiErrors(400, {
    404: 'No such message in your conversations',
    409: 'Not a bot reply',
  })
  async stopBotReply(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<void> {
    await this.bots.stop(id, user.id);
  }

  /**
   * Asks the bot again for a reply that failed (Retry) or was stopped (Regenerate): the same
   * message streams anew.
   */
  @Post('messages/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Retry a failed or stopped bot reply' })
  @ApiAcceptedResponse({ description: 'The reply is being written again' })
  @ApiErrors(400, {
    404: 'No such message in your conversations',
    409: 'Not a failed or stopped bot reply',
  })
  async retryBotReply(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<void> {
    await this.bots.retry(id, user.id);
  }
}
