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
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ConversationsService } from './conversations.service';
import {
  AddMembersDto,
  ChangeRoleDto,
  CreateConversationDto,
  ListConversationsQuery,
  MarkReadDto,
  RenameConversationDto,
} from './dto/conversation-input.dto';
import { ConversationPageDto, ConversationSummaryDto } from './dto/conversation.dto';

const Id = () => new ParseUUIDPipe();

@ApiTags('conversations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@ApiNotFoundResponse({ description: 'No such conversation, or the caller is not a member' })
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  /** Starts a direct chat (200 with the existing one if the pair already has one) or a group. */
  @Post()
  @ApiCreatedResponse({ type: ConversationSummaryDto, description: 'Created' })
  @ApiOkResponse({ type: ConversationSummaryDto, description: 'The existing direct conversation' })
  @ApiBadRequestResponse({ description: 'A field is invalid' })
  async createConversation(
    @CurrentUser() me: AuthUser,
    @Body() body: CreateConversationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConversationSummaryDto> {
    const { created, conversation } = await this.conversations.create(me.id, body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return conversation;
  }

  /** The caller's conversations, most recent activity first. */
  @Get()
  @ApiOkResponse({ type: ConversationPageDto })
  listConversations(
    @CurrentUser() me: AuthUser,
    @Query() query: ListConversationsQuery,
  ): Promise<ConversationPageDto> {
    return this.conversations.list(me.id, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ConversationSummaryDto })
  getConversation(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
  ): Promise<ConversationSummaryDto> {
    return this.conversations.get(id, me.id);
  }

  /** Renames a group (owner or admin). */
  @Patch(':id')
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiForbiddenResponse({ description: 'Not a group, or the caller is not its owner or an admin' })
  renameConversation(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
    @Body() body: RenameConversationDto,
  ): Promise<ConversationSummaryDto> {
    return this.conversations.rename(id, me.id, body.title);
  }

  /** Adds people to a group (owner or admin). */
  @Post(':id/members')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiForbiddenResponse({ description: 'Not a group, or the caller is not its owner or an admin' })
  addMembers(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
    @Body() body: AddMembersDto,
  ): Promise<ConversationSummaryDto> {
    return this.conversations.addMembers(id, me.id, body.userIds);
  }

  /** Removes a member (owner or admin), or leaves (anyone, with their own id). */
  @Delete(':id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ description: 'Not allowed, or the target is the owner' })
  removeMember(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
    @Param('userId', Id()) userId: string,
  ): Promise<void> {
    return this.conversations.removeMember(id, me.id, userId);
  }

  /** Makes a member an admin or back (owner only). */
  @Patch(':id/members/:userId')
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiForbiddenResponse({ description: 'Only the owner changes roles' })
  changeMemberRole(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
    @Param('userId', Id()) userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<ConversationSummaryDto> {
    return this.conversations.changeRole(id, me.id, userId, body.role);
  }

  /** Moves the caller's read marker forward (never back). */
  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Marked' })
  markRead(
    @CurrentUser() me: AuthUser,
    @Param('id', Id()) id: string,
    @Body() body: MarkReadDto,
  ): Promise<void> {
    return this.conversations.markRead(id, me.id, body.seq);
  }
}
