import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import {
  DisableTwoFactorDto,
  EnableTwoFactorDto,
  RecoveryCodesDto,
  TwoFactorSetupDto,
  TwoFactorStatusDto,
} from './dto/two-factor.dto';
import { TwoFactorService } from './two-factor.service';

@ApiTags('auth')
@ApiSignedIn()
@UseGuards(AuthRateLimitGuard)
@ApiErrors({ 429: 'Too many attempts from this address; see Retry-After' })
@Controller('auth/2fa')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  /** Whether it is on, so the security page offers setup or the way to turn it off. */
  @Get()
  @ApiOperation({ summary: 'Whether two-factor authentication is on' })
  @ApiOkResponse({ type: TwoFactorStatusDto })
  async getTwoFactorStatus(@CurrentUser() me: AuthUser): Promise<TwoFactorStatusDto> {
    return { enabled: await this.twoFactor.isEnabled(me.id) };
  }

  /** A new secret; nothing changes for sign-in until `enable` confirms a code from it. */
  @Post('setup')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start setting up two-factor authentication' })
  @ApiOkResponse({ type: TwoFactorSetupDto })
  @ApiErrors({ 409: 'Two-factor authentication is already on' })
  setupTwoFactor(@CurrentUser() me: AuthUser): Promise<TwoFactorSetupDto> {
    return this.twoFactor.setup(me.id);
  }

  @Post('enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Turn two-factor authentication on with a code' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiErrors(400, {
    403: 'The code is not correct',
    409: 'Not set up, or already on',
  })
  async enableTwoFactor(
    @CurrentUser() me: AuthUser,
    @Body() body: EnableTwoFactorDto,
  ): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.twoFactor.enable(me.id, body.code) };
  }

  @Post('disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Turn two-factor authentication off' })
  @ApiNoContentResponse({ description: 'Off' })
  @ApiErrors(400, {
    403: 'The password or the code is not correct',
    409: 'Two-factor authentication is not on',
  })
  disableTwoFactor(@CurrentUser() me: AuthUser, @Body() body: DisableTwoFactorDto): Promise<void> {
    return this.twoFactor.disable(me.id, body.password, body.code);
  }
}
