import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { GuestAllowed } from '../../common/guest-access';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { apiActor } from '../audit/audit-action';
import { MessagePageDto } from '../messages/dto/message.dto';
import { HandoffStateDto, InboxItemDto, ListInboxQuery } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

const AGENTS_ONLY = {
  403: 'The caller is not a support agent (an admin, or a member with the support flag)',
};

@ApiTags('inbox')
@ApiSignedIn()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({
    summary:
      'The support inbox: visitors waiting for a person, those the caller claimed, or closed ones',
  })
  @ApiOkResponse({ type: [InboxItemDto] })
  @ApiErrors(400, AGENTS_ONLY)
  listInbox(@CurrentUser() me: AuthUser, @Query() query: ListInboxQuery): Promise<InboxItemDto[]> {
    return this.inbox.list(me.id, query.status);
  }

  @Get(':conversationId/messages')
  @ApiOperation({
    summary: "A visitor's transcript (the newest 100 messages), for agents deciding to claim it",
  })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiErrors(400, { ...AGENTS_ONLY, 404: 'No visitor asked for a person in this conversation' })
  listInboxTranscript(
    @CurrentUser() me: AuthUser,
    @UuidParam('conversationId') conversationId: string,
  ): Promise<MessagePageDto> {
    return this.inbox.transcript(conversationId, me.id);
  }

  @Post(':conversationId/claim')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Claim a waiting visitor (audited): the caller joins the conversation and the bot stays quiet',
  })
  @ApiOkResponse({ type: InboxItemDto })
  @ApiErrors(400, {
    ...AGENTS_ONLY,
    404: 'No visitor asked for a person in this conversation',
    409: 'The visitor is not waiting (already claimed or closed)',
  })
  claimInboxConversation(
    @CurrentUser() me: AuthUser,
    @UuidParam('conversationId') conversationId: string,
  ): Promise<InboxItemDto> {
    return this.inbox.claim(apiActor(me.id), conversationId, me.id);
  }

  @Post(':conversationId/close')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Close a hand-off (audited): the agent leaves and the bot answers the visitor again',
  })
  @ApiOkResponse({ type: InboxItemDto })
  @ApiErrors(400, {
    ...AGENTS_ONLY,
    404: 'No visitor asked for a person in this conversation',
    409: 'Already closed',
  })
  closeInboxConversation(
    @CurrentUser() me: AuthUser,
    @UuidParam('conversationId') conversationId: string,
  ): Promise<InboxItemDto> {
    return this.inbox.close(apiActor(me.id), conversationId, me.id);
  }
}

@ApiTags('inbox')
@ApiSignedIn()
@Controller('conversations')
export class HandoffController {
  constructor(private readonly inbox: InboxService) {}

  @Post(':id/handoff')
  @HttpCode(HttpStatus.OK)
  @GuestAllowed('id')
  @ApiOperation({
    summary: 'A widget visitor asks for a person',
    description:
      "The visitor's own conversation only. The request waits in the support inbox until an agent claims it; asking again while waiting or claimed changes nothing.",
  })
  @ApiOkResponse({ type: HandoffStateDto })
  @ApiErrors(400, {
    404: "Not the caller's own widget conversation",
    409: 'This widget does not hand off to people',
  })
  requestHandoff(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
  ): Promise<HandoffStateDto> {
    return this.inbox.request(id, me.id);
  }
}
