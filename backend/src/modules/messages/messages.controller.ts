import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { EditMessageDto, ListMessagesQuery, SendMessageDto } from './dto/message-input.dto';
import { MessageDto, MessagePageDto } from './dto/message.dto';
import { ForwardMessageDto } from './forward/forward.dto';
import { ForwardService } from './forward/forward.service';
import { MessagesService } from './messages.service';
import { GuestAllowed } from '../../common/guest-access';
import { ScheduledMessageDto } from '../scheduling/dto/scheduled.dto';
import { ScheduledMessagesService } from '../scheduling/scheduled-messages.service';

@ApiTags('messages')
@ApiSignedIn()
@ApiErrors(400, { 404: 'No such conversation or message, or the caller is not a member' })
@Controller()
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly forwarding: ForwardService,
    private readonly scheduling: ScheduledMessagesService,
  ) {}

  /** A page of messages in ascending seq: the newest, older than beforeSeq, or newer than afterSeq. */
  @Get('conversations/:id/messages')
  @GuestAllowed('id')
  @ApiOperation({ summary: 'List a page of messages' })
  @ApiOkResponse({ type: MessagePageDto })
  listMessages(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Query() query: ListMessagesQuery,
  ): Promise<MessagePageDto> {
    return this.messages.list(id, me.id, query);
  }

  /**
   * Sends a message; the same clientMessageId again returns the original (200). With `sendAt`,
   * schedules it instead (202).
   */
  @Post('conversations/:id/messages')
  @GuestAllowed('id')
  @ApiOperation({ summary: 'Send a message' })
  @ApiCreatedResponse({ type: MessageDto, description: 'Stored and delivered' })
  @ApiOkResponse({ type: MessageDto, description: 'Already sent with this clientMessageId' })
  @ApiAcceptedResponse({
    type: ScheduledMessageDto,
    description: 'With sendAt: scheduled (or already was, with this clientMessageId)',
  })
  @ApiErrors({
    409: 'clientMessageId was used in another conversation, threadRootId is not a root of this conversation, or with sendAt: not in the next year, or not text only',
    429: 'Message rate limit; see Retry-After',
  })
  async sendMessage(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: SendMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageDto | ScheduledMessageDto> {
    if (body.sendAt !== undefined) {
      res.status(HttpStatus.ACCEPTED);
      return this.scheduling.schedule(id, me, { ...body, sendAt: body.sendAt });
    }
    const { created, message } = await this.messages.send(id, me.id, body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }

  /**
   * Forwards a message the caller can read to conversations of theirs (the comment, if any,
   * goes just before it); answers the new messages, each with `forwardedFrom`.
   */
  @Post('messages/:id/forward')
  @ApiOperation({ summary: 'Forward a message' })
  @ApiCreatedResponse({
    type: [MessageDto],
    description: 'The forwarded copies, one per conversation',
  })
  @ApiErrors({
    409: 'Only a message with text can be forwarded',
    429: 'Message rate limit; see Retry-After',
  })
  forwardMessage(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: ForwardMessageDto,
  ): Promise<MessageDto[]> {
    return this.forwarding.forward(id, me.id, body);
  }

  /** Edits the caller's own message. */
  @Patch('messages/:id')
  @ApiOperation({ summary: 'Edit my message' })
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors({ 403: 'Not the author, or not a text message', 409: 'The message was deleted' })
  editMessage(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: EditMessageDto,
  ): Promise<MessageDto> {
    return this.messages.edit(id, me.id, body.body);
  }

  /** Deletes a message (author, or a group owner/admin); it stays as a tombstone. */
  @Delete('messages/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a message' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 403: 'Neither the author nor a group owner/admin' })
  deleteMessage(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.messages.delete(id, me.id);
  }
}
