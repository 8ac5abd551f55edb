import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { requestOrigin } from '../../common/request-origin';
import { apiActor } from '../audit/audit-action';
import { CreateInviteDto, InviteDto, InviteSummaryDto } from './dto/invite.dto';
import { InvitesService } from './invites.service';

@ApiTags('invites')
@ApiSignedIn()
@ApiErrors({ 403: 'Only admins manage invites (and members, when `membersCanInvite` is on)' })
@Controller('invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post()
  @ApiOperation({ summary: 'Create an invite link' })
  @ApiCreatedResponse({ type: InviteDto })
  @ApiErrors(400)
  createInvite(
    @CurrentUser() me: AuthUser,
    @Body() body: CreateInviteDto,
    @Req() req: Request,
  ): Promise<InviteDto> {
    return this.invites.create(apiActor(me.id), body, requestOrigin(req));
  }

  /** Open invites (not revoked or expired): all of them for admins, their own for members. */
  @Get()
  @ApiOperation({ summary: 'List open invites' })
  @ApiOkResponse({ type: [InviteSummaryDto] })
  listInvites(@CurrentUser() me: AuthUser): Promise<InviteSummaryDto[]> {
    return this.invites.list(me.id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an invite' })
  @ApiNoContentResponse({ description: 'Revoked (or already was)' })
  @ApiErrors(400, { 404: 'No such invite (that the caller may manage)' })
  revokeInvite(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.invites.revoke(me.id, id);
  }
}
