import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { MessageSearchPageDto } from './dto/message-search.dto';
import { SearchMessagesQuery } from './dto/search-messages.query';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /**
   * Full-text search over the messages of the caller's conversations (those they are a member
   * of now), newest first, with a highlighted excerpt per message.
   */
  @Get('messages')
  @ApiOkResponse({ type: MessageSearchPageDto })
  @ApiBadRequestResponse({
    description: 'q, conversationId, limit or cursor is invalid, or q has no word to search for',
  })
  @ApiNotFoundResponse({ description: 'conversationId: no such conversation, or not a member' })
  searchMessages(
    @CurrentUser() me: AuthUser,
    @Query() query: SearchMessagesQuery,
  ): Promise<MessageSearchPageDto> {
    return this.search.searchMessages(me.id, query);
  }
}
