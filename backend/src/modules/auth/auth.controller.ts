import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiErrors } from '../../common/openapi';
import type { Request, Response } from 'express';
import { Public } from '../../common/public.decorator';
import { InviteCheckDto } from '../invites/dto/invite.dto';
import { InvitesService } from '../invites/invites.service';
import { WorkspaceSettingsService } from '../workspace/workspace-settings.service';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { AuthService } from './auth.service';
import {
  AuthResponseDto,
  LoginDto,
  LoginTwoFactorDto,
  LogoutDto,
  RefreshTokenDto,
  RegisterDto,
} from './dto/credentials.dto';
import { RegistrationInfoDto } from './dto/registration.dto';
import { RefreshCookie } from './refresh-cookie';
import { sessionClient } from './session-client';
import { TwoFactorChallengeDto } from '../two-factor/dto/two-factor.dto';

@ApiTags('auth')
@ApiExtraModels(TwoFactorChallengeDto)
@Public()
@UseGuards(AuthRateLimitGuard)
@ApiErrors(400, 503, { 429: 'Too many attempts from this address; see Retry-After' })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: RefreshCookie,
    private readonly invites: InvitesService,
    private readonly settings: WorkspaceSettingsService,
  ) {}

  /**
   * The registration mode and the workspace's name, for the sign-up page to show the right
   * form (or say why there is none) before anyone types. Not rate limited: it reveals nothing
   * secret and is read on every visit to that page, which must not use up the sign-up attempts.
   */
  @Get('registration')
  @SkipThrottle()
  @ApiOperation({ summary: 'How registration works here now' })
  @ApiOkResponse({ type: RegistrationInfoDto })
  async getRegistration(): Promise<RegistrationInfoDto> {
    const { registrationMode, workspaceName } = await this.settings.get();
    return { mode: registrationMode, workspaceName };
  }

  /** Creates an account and signs it in. */
  @Post('register')
  @ApiOperation({ summary: 'Create an account and sign in' })
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiErrors({
    403: 'The registration mode refuses it: `registration is closed`, `an invite is required to register` or `this invite is not valid: ...`',
    409: 'The username is taken (in any letter case)',
  })
  async register(
    @Body() body: RegisterDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponseDto> {
    const session = await this.auth.register(body, sessionClient(req));
    return this.cookie.deliver(session, body.refreshTokenTransport ?? 'body', req, res);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with username and password' })
  @ApiOkResponse({
    description:
      'Signed in; or, with two-factor on, `{twoFactorRequired: true, challengeToken}`: send ' +
      'the code to POST /auth/login/2fa',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(AuthResponseDto) },
        { $ref: getSchemaPath(TwoFactorChallengeDto) },
      ],
    },
  })
  @ApiErrors({
    401: 'Wrong username or password',
    403: '`account deactivated` (said only after a correct password)',
  })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponseDto | TwoFactorChallengeDto> {
    const outcome = await this.auth.login(body, sessionClient(req));
    if ('twoFactorRequired' in outcome) return outcome;
    return this.cookie.deliver(outcome, body.refreshTokenTransport ?? 'body', req, res);
  }

  /** The second step of a sign-in with two-factor on. */
  @Post('login/2fa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Finish signing in with a two-factor code' })
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors({
    401: 'The code is wrong, or the sign-in expired (5 minutes, 5 wrong codes): start again',
    403: '`account deactivated`',
  })
  async loginTwoFactor(
    @Body() body: LoginTwoFactorDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponseDto> {
    const session = await this.auth.completeTwoFactor(
      body.challengeToken,
      body.code,
      sessionClient(req),
    );
    return this.cookie.deliver(session, body.refreshTokenTransport ?? 'body', req, res);
  }

  /**
   * Exchanges a refresh token (from the body, else the cookie) for a new pair; the presented
   * token is spent. The new one goes back the way the old one came unless the body says.
   */
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair' })
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors({
    401: 'Invalid, expired, revoked or already used token; `account deactivated` when an admin deactivated the account',
  })
  async refresh(
    @Body() body: RefreshTokenDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponseDto> {
    const token = body.refreshToken ?? this.cookie.read(req);
    if (!token) throw new UnauthorizedException('no refresh token: sign in again');
    const transport = body.refreshTokenTransport ?? (body.refreshToken ? 'body' : 'cookie');
    return this.cookie.deliver(
      await this.auth.refresh(token, sessionClient(req)),
      transport,
      req,
      res,
    );
  }

  /** For the page an invite link opens: whether it works, and the workspace it joins. */
  @Get('invites/:token')
  @ApiOperation({ summary: 'Check an invite link' })
  @ApiParam({ name: 'token', type: String })
  @ApiOkResponse({ type: InviteCheckDto })
  checkInvite(@Param('token') token: string): Promise<InviteCheckDto> {
    return this.invites.check(token);
  }

  /** Signs out: revokes the session the refresh token (body, else cookie) belongs to. */
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: revoke the session of a refresh token' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(
    @Body() body: LogoutDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const token = body.refreshToken ?? this.cookie.read(req);
    this.cookie.clear(req, res);
    if (token) await this.auth.logout(token);
  }
}
