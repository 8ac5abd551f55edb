import { Body, Controller, Delete, HttpCode, HttpStatus, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import { AccountDeletionService } from './account-deletion.service';
import { DeleteAccountDto } from './dto/delete-account.dto';

@ApiTags('users')
@ApiSignedIn()
@Controller('users')
export class LeavingController {
  constructor(private readonly deletion: AccountDeletionService) {}

  /** A password guess counts as an auth attempt. */
  @Delete('me')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete my account',
    description:
      'Erases the profile (shown as "Deleted user"), ends every session and socket, turns my ' +
      'messages into tombstones and leaves my groups and channels. The username is free again ' +
      'after DELETED_USERNAME_GRACE_DAYS.',
  })
  @ApiNoContentResponse({ description: 'The account is deleted; every session has ended' })
  @ApiErrors(400, {
    403: 'The password, or the two-factor code, is not correct (or missing)',
    409: 'The only admin cannot delete their account: make someone else admin first',
    429: 'Too many attempts from this address; see Retry-After',
  })
  deleteMe(@CurrentUser() me: AuthUser, @Body() body: DeleteAccountDto): Promise<void> {
    return this.deletion.deleteAccount(me.id, body);
  }
}
