import { Controller, Delete, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../../common/openapi';
import { MessageReactionsDto } from './dto/reaction.dto';
import { MAX_EMOJI_LENGTH, ParseEmojiPipe } from './emoji';
import { MAX_DISTINCT_EMOJI, REACTIONS_PER_MINUTE, ReactionsService } from './reactions.service';

const EMOJI_PARAM = {
  name: 'emoji',
  description: `One emoji, URL-encoded (e.g. %F0%9F%91%8D for 👍), at most ${MAX_EMOJI_LENGTH} UTF-16 code units`,
};

@ApiTags('messages')
@ApiSignedIn()
@ApiErrors({
  400: 'The id is not a UUID, or `emoji` is not a single emoji',
  403: 'A system message',
  404: 'No such message, or the caller is not a member of its conversation',
  429: `More than ${REACTIONS_PER_MINUTE} reaction changes a minute; see Retry-After`,
})
@Controller('messages/:id/reactions')
export class ReactionsController {
  constructor(private readonly reactions: ReactionsService) {}

  /** Adds the caller's reaction; again with the same emoji changes nothing (and tells no one). */
  @Put(':emoji')
  @ApiOperation({ summary: 'React to a message' })
  @ApiParam(EMOJI_PARAM)
  @ApiOkResponse({ type: MessageReactionsDto, description: "The message's reactions now" })
  @ApiErrors({
    409: `The message was deleted, or it already has ${MAX_DISTINCT_EMOJI} different emoji`,
  })
  async addReaction(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Param('emoji', ParseEmojiPipe) emoji: string,
  ): Promise<MessageReactionsDto> {
    return { reactions: await this.reactions.add(id, me.id, emoji) };
  }

  /** Removes the caller's reaction; removing one that is not there changes nothing. */
  @Delete(':emoji')
  @ApiOperation({ summary: 'Remove my reaction' })
  @ApiParam(EMOJI_PARAM)
  @ApiOkResponse({ type: MessageReactionsDto, description: "The message's reactions now" })
  @ApiErrors({ 409: 'The message was deleted' })
  async removeReaction(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Param('emoji', ParseEmojiPipe) emoji: string,
  ): Promise<MessageReactionsDto> {
    return { reactions: await this.reactions.remove(id, me.id, emoji) };
  }
}
