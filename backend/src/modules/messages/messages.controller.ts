import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { EditMessageDto, ListMessagesQuery, SendMessageDto } from './dto/message-input.dto';
import { MessageDto, MessagePageDto } from './dto/message.dto';
import { MessagesService } from './messages.service';

const Id = () => new ParseUUIDPipe();

@ApiTags('messages')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@ApiNotFoundResponse({
  description: 'No such conversation or message, or the caller is not a member',
})
@Controller()
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  /** A page of messages in ascending seq: the newest, older than beforeSeq, or newer than afterSeq. */
  @Get('conversations/:id/messages')
  @ApiOkResponse({ type: MessagePageDto })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid' })
  listMessages(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
    @Query() query: ListMessagesQuery,
  ): Promise<MessagePageDto> {
    return this.messages.list(id, me.id, query);
  }

  /** Sends a message; the same clientMessageId again returns the original (200). */
  @Post('conversations/:id/messages')
  @ApiCreatedResponse({ type: MessageDto, description: 'Stored and delivered' })
  @ApiOkResponse({ type: MessageDto, description: 'Already sent with this clientMessageId' })
  @ApiBadRequestResponse({ description: 'A field is invalid' })
  @ApiConflictResponse({ description: 'clientMessageId was used in another conversation' })
  @ApiTooManyRequestsResponse({ description: 'Message rate limit; see Retry-After' })
  async sendMessage(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
    @Body() body: SendMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageDto> {
    const { created, message } = await this.messages.send(id, me.id, body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }

  /** Edits the caller's own message. */
  @Patch('messages/:id')
  @ApiOkResponse({ type: MessageDto })
  @ApiForbiddenResponse({ description: 'Not the author' })
  @ApiConflictResponse({ description: 'The message was deleted' })
  editMessage(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
    @Body() body: EditMessageDto,
  ): Promise<MessageDto> {
    return this.messages.edit(id, me.id, body.body);
  }

  /** Deletes a message (author, or a group owner/admin); it stays as a tombstone. */
  @Delete('messages/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse({ description: 'Neither the author nor a group owner/admin' })
  deleteMessage(@CurrentUser() me: AuthUser, @Param('id', Id()) id: string): Promise<void> {
    return this.messages.delete(id, me.id);
  }
}
