import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, UuidParam } from '../../common/openapi';
import { requestOrigin } from '../../common/request-origin';
import { apiActor } from '../audit/audit-action';
import { AdminOnly } from '../users/server-admin.guard';
import { AccountsService } from './accounts.service';
import { ResetLinkDto } from './dto/account.dto';

@ApiTags('admin')
@AdminOnly()
@Controller('admin/users')
export class AdminResetLinkController {
  constructor(private readonly accounts: AccountsService) {}

  /** For someone locked out when mail is off: the admin hands the link over themselves. */
  @Post(':id/reset-link')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Make a password reset link for a user' })
  @ApiOkResponse({ type: ResetLinkDto })
  @ApiErrors(400, { 404: 'No such user' })
  async createResetLink(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Req() req: Request,
  ): Promise<ResetLinkDto> {
    const url = await this.accounts.createResetLink(apiActor(me.id), id, requestOrigin(req));
    return { url };
  }
}
