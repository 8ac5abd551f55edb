import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { Public } from '../../common/public.decorator';
import { AppConfig } from '../../config/app-config';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import { AccountsService } from './accounts.service';
import {
  AuthProvidersDto,
  ChangePasswordDto,
  ForgotPasswordDto,
  ResetPasswordDto,
  VerifyEmailDto,
} from './dto/account.dto';

const TOO_MANY = { 429: 'Too many attempts from this address; see Retry-After' };

/** Everything but `providers` (read on every visit to the sign-in page) counts as an auth attempt. */
@ApiTags('auth')
@Controller('auth')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly config: AppConfig,
  ) {}

  @Post('password')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiSignedIn()
  @ApiOperation({ summary: 'Change my password' })
  @ApiNoContentResponse({ description: 'Changed (and other sessions ended when asked)' })
  @ApiErrors(400, { 403: 'The current password is not correct', ...TOO_MANY })
  changePassword(@CurrentUser() me: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    return this.accounts.changePassword(me.id, me.sessionId, body);
  }

  /** Answers the same, at once, whether or not the login names an account that gets a mail. */
  @Post('password/forgot')
  @UseGuards(AuthRateLimitGuard)
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Ask for a password reset link by mail' })
  @ApiAcceptedResponse({
    description:
      'Always, whether or not an account exists: a link is mailed when the login names an ' +
      'account with a verified address and mail is on',
  })
  @ApiErrors(400, 503, TOO_MANY)
  forgotPassword(@Body() body: ForgotPasswordDto): void {
    this.accounts.forgotPasswordInBackground(body.login);
  }

  @Post('password/reset')
  @UseGuards(AuthRateLimitGuard)
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with a reset link; ends every session' })
  @ApiNoContentResponse({ description: 'Password set; sign in with it' })
  @ApiErrors(400, 503, { 403: 'The link is invalid, used or expired', ...TOO_MANY })
  resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    return this.accounts.resetPassword(body.token, body.newPassword);
  }

  @Post('email/verify')
  @UseGuards(AuthRateLimitGuard)
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Confirm an email address with the mailed link' })
  @ApiNoContentResponse({ description: 'The address is verified' })
  @ApiErrors(400, 503, {
    403: 'The link is invalid, used or expired, or the address changed since',
    ...TOO_MANY,
  })
  verifyEmail(@Body() body: VerifyEmailDto): Promise<void> {
    return this.accounts.verifyEmail(body.token);
  }

  /** Always 202: whether a mail went out depends on the address, mail being on and a limit. */
  @Post('email/resend')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiSignedIn()
  @ApiOperation({ summary: 'Mail my unverified address a new verification link' })
  @ApiAcceptedResponse({
    description:
      'Always: a link is mailed when my address is set and unverified, mail is on, and fewer ' +
      'than 3 were asked for this hour',
  })
  @ApiErrors(503, TOO_MANY)
  resendVerification(@CurrentUser() me: AuthUser): Promise<void> {
    return this.accounts.resendVerification(me.id);
  }

  /** For the sign-in page: which ways in to offer, and whether "forgot password" mails. */
  @Get('providers')
  @Public()
  @ApiOperation({ summary: 'How one can sign in here' })
  @ApiOkResponse({ type: AuthProvidersDto })
  getAuthProviders(): AuthProvidersDto {
    return {
      mail: this.config.mailEnabled,
      oidc: this.config.oidcEnabled ? { label: this.config.OIDC_LABEL } : null,
    };
  }
}
