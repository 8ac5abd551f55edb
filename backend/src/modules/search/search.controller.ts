import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Cost, RequestCost } from '../../common/rate-limit/request-cost.decorator';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { MessageSearchPageDto } from './dto/message-search.dto';
import { SearchMessagesQuery } from './dto/search-messages.query';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiSignedIn()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /**
   * Full-text search over the messages of the caller's conversations (those they are a member
   * of now), newest first, with a highlighted excerpt per message.
   */
  @RequestCost(Cost.heavy)
  @Get('messages')
  @ApiOperation({ summary: 'Search the messages of my conversations' })
  @ApiOkResponse({ type: MessageSearchPageDto })
  @ApiErrors({
    400: 'q, conversationId, limit or cursor is invalid, or q has no word to search for',
    404: 'conversationId: no such conversation, or not a member',
  })
  searchMessages(
    @CurrentUser() me: AuthUser,
    @Query() query: SearchMessagesQuery,
  ): Promise<MessageSearchPageDto> {
    return this.search.searchMessages(me.id, query);
  }
}
