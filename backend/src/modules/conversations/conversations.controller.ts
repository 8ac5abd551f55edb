import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Cost, RequestCost } from '../../common/rate-limit/request-cost.decorator';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { ConversationSummariesService } from './conversation-summaries.service';
import { ChannelsService } from './channels.service';
import { ConversationsService } from './conversations.service';
import {
  AddMembersDto,
  ChannelConversationInputDto,
  ChangeRoleDto,
  CreateConversationDto,
  DirectConversationInputDto,
  GroupConversationInputDto,
  ListConversationsQuery,
  MarkReadDto,
  MuteConversationDto,
  MarkUnreadDto,
  RenameConversationDto,
} from './dto/conversation-input.dto';
import {
  ConversationPageDto,
  ConversationSummaryDto,
  UnreadStateDto,
} from './dto/conversation.dto';
import { GroupLifeService } from './group-life.service';
import { MembershipService } from './membership.service';
import { GuestAllowed } from '../../common/guest-access';

const NOT_A_MEMBER = 'No such conversation, or the caller is not a member';
const NOT_GROUP_ADMIN = 'A direct conversation, or the caller is not its owner or an admin';

@ApiTags('conversations')
@ApiSignedIn()
@ApiErrors(400)
@ApiExtraModels(DirectConversationInputDto, GroupConversationInputDto, ChannelConversationInputDto)
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly summaries: ConversationSummariesService,
    private readonly groups: GroupLifeService,
    private readonly membership: MembershipService,
    private readonly conversations: ConversationsService,
    private readonly channels: ChannelsService,
  ) {}

  /**
   * Starts a direct chat (200 with the existing one if the pair already has one), or creates a
   * group or a channel (the creator owns it).
   */
  @RequestCost(Cost.heavy)
  @Post()
  @ApiOperation({ summary: 'Start a direct chat, or create a group or channel' })
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(DirectConversationInputDto) },
        { $ref: getSchemaPath(GroupConversationInputDto) },
        { $ref: getSchemaPath(ChannelConversationInputDto) },
      ],
      discriminator: { propertyName: 'type' },
    },
  })
  @ApiCreatedResponse({ type: ConversationSummaryDto, description: 'Created' })
  @ApiOkResponse({ type: ConversationSummaryDto, description: 'The existing direct conversation' })
  @ApiErrors({
    403: 'A channel, and the caller is a guest, or a member while only admins may create channels',
    404: 'A user to add does not exist',
    409: 'A user to add (or to talk with, for a new direct conversation) is deactivated',
  })
  async createConversation(
    @CurrentUser() me: AuthUser,
    @Body() body: CreateConversationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConversationSummaryDto> {
    if (body.type === 'channel') return this.channels.create(me.id, body.title!, body.topic);
    const { created, conversation } = await this.groups.create(me.id, body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return conversation;
  }

  /** The caller's conversations, most recent activity first. */
  @Get()
  @ApiOperation({ summary: 'List my conversations' })
  @ApiOkResponse({ type: ConversationPageDto })
  listConversations(
    @CurrentUser() me: AuthUser,
    @Query() query: ListConversationsQuery,
  ): Promise<ConversationPageDto> {
    return this.summaries.list(me.id, query);
  }

  @Get(':id')
  @GuestAllowed('id')
  @ApiOperation({ summary: 'Get a conversation' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors({ 404: NOT_A_MEMBER })
  getConversation(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
  ): Promise<ConversationSummaryDto> {
    return this.summaries.get(id, me.id);
  }

  /** Renames a group or channel, or sets a channel's topic (owner or admin). */
  @Patch(':id')
  @ApiOperation({ summary: "Rename a group or channel, or set a channel's topic" })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors({ 403: NOT_GROUP_ADMIN, 404: NOT_A_MEMBER })
  renameConversation(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: RenameConversationDto,
  ): Promise<ConversationSummaryDto> {
    return this.channels.update(id, me.id, body);
  }

  /**
   * Joins a channel; the caller's sockets move into its room on every instance. A member gets
   * the summary again; anything else that is not an open channel answers 404.
   */
  @Post(':id/join')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Join a channel' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors({
    403: 'The channel is archived',
    404: 'No such channel (or the caller is a guest), and the caller is not a member',
  })
  joinChannel(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
  ): Promise<ConversationSummaryDto> {
    return this.channels.join(id, me.id);
  }

  /** Makes a group or channel read-only (owner or admin): sends answer 403 until unarchived. */
  @Post(':id/archive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Archive a group or channel' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors({ 403: `${NOT_GROUP_ADMIN}; or it is #general`, 404: NOT_A_MEMBER })
  archiveConversation(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
  ): Promise<ConversationSummaryDto> {
    return this.channels.setArchived(id, me.id, true);
  }

  @Post(':id/unarchive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reopen an archived group or channel' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors({ 403: NOT_GROUP_ADMIN, 404: NOT_A_MEMBER })
  unarchiveConversation(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
  ): Promise<ConversationSummaryDto> {
    return this.channels.setArchived(id, me.id, false);
  }

  /** Adds people to a group (owner or admin). */
  @RequestCost(Cost.light)
  @Post(':id/members')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Add people to a group' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors({
    403: NOT_GROUP_ADMIN,
    404: `${NOT_A_MEMBER}; or a user to add does not exist`,
    409: 'The group would pass its member cap (256), or a user to add is deactivated',
  })
  addMembers(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: AddMembersDto,
  ): Promise<ConversationSummaryDto> {
    return this.membership.addMembers(id, me.id, body.userIds);
  }

  /** Deletes a group with its history (owner only); every member gets `conversation:removed`. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a group (owner only)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({
    403: 'Not a group, or the caller is not its owner',
    404: NOT_A_MEMBER,
  })
  deleteConversation(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.groups.deleteGroup(id, me.id);
  }

  /**
   * Removes a member (owner or admin), or leaves (anyone, with their own id). An owner who
   * leaves hands the group to the longest-standing admin, else member; the last one ends it.
   */
  @Delete(':id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a member from a group, or leave it' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors({
    403: 'Not a group, not allowed, or someone else tries to remove the owner',
    404: `${NOT_A_MEMBER}; or the target is not a member`,
  })
  removeMember(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
  ): Promise<void> {
    return this.membership.removeMember(id, me.id, userId);
  }

  /** Makes a member an admin or back (owner only). */
  @Patch(':id/members/:userId')
  @ApiOperation({ summary: "Change a group member's role" })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors({
    403: 'Not a group, the caller is not the owner, or the target is the owner',
    404: `${NOT_A_MEMBER}; or the target is not a member`,
  })
  changeMemberRole(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<ConversationSummaryDto> {
    return this.groups.changeRole(id, me.id, userId, body.role);
  }

  /** Mutes or unmutes the conversation for the caller only (all their devices). */
  @Put(':id/mute')
  @ApiOperation({
    summary: 'Mute or unmute a conversation for me',
    description:
      'A muted conversation sends no notifications or push, except a direct @mention of me; `forMinutes` makes the mute end by itself. My other devices get `conversation:updated`.',
  })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors({ 404: NOT_A_MEMBER })
  muteConversation(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: MuteConversationDto,
  ): Promise<ConversationSummaryDto> {
    return this.conversations.setMuted(id, me.id, body.muted, body.forMinutes);
  }

  /** Moves the caller's read marker forward (never back). */
  @Post(':id/read')
  @GuestAllowed('id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Move my read marker forward' })
  @ApiNoContentResponse({ description: 'Marked' })
  @ApiErrors({ 404: NOT_A_MEMBER })
  markRead(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: MarkReadDto,
  ): Promise<void> {
    return this.conversations.markRead(id, me.id, body.seq);
  }

  /**
   * Marks `seq` and everything after it unread for the caller (the only way the marker moves
   * back); the caller's devices get `conversation:unread`, other members nothing.
   */
  @Post(':id/unread')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark as unread from a message' })
  @ApiOkResponse({ type: UnreadStateDto })
  @ApiErrors({ 404: NOT_A_MEMBER })
  markUnread(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: MarkUnreadDto,
  ): Promise<UnreadStateDto> {
    return this.conversations.markUnread(id, me.id, body.seq);
  }
}
