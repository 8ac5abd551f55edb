import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { ChannelsService } from './channels.service';
import { ListChannelsQuery } from './dto/conversation-input.dto';
import { ChannelPageDto } from './dto/conversation.dto';

@ApiTags('channels')
@ApiSignedIn()
@ApiErrors(400)
@Controller('channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  /** Every channel by title: its topic and member count, never its messages until you join. */
  @Get()
  @ApiOperation({ summary: 'Browse channels' })
  @ApiOkResponse({ type: ChannelPageDto })
  @ApiErrors({ 403: 'Guests cannot use channels' })
  listChannels(
    @CurrentUser() me: AuthUser,
    @Query() query: ListChannelsQuery,
  ): Promise<ChannelPageDto> {
    return this.channels.browse(me.id, query);
  }
}
