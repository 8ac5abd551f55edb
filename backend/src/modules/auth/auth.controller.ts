import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi';
import type { Request, Response } from 'express';
import { Public } from '../../common/public.decorator';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { AuthService } from './auth.service';
import {
  AuthResponseDto,
  LoginDto,
  LogoutDto,
  RefreshTokenDto,
  RegisterDto,
} from './dto/credentials.dto';
import { RefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Public()
@UseGuards(AuthRateLimitGuard)
@ApiErrors(400, 503, { 429: 'Too many attempts from this address; see Retry-After' })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: RefreshCookie,
  ) {}

  /** Creates an account and signs it in. */
  @Post('register')
  @ApiOperation({ summary: 'Create an account and sign in' })
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiErrors({ 409: 'The username is taken (in any letter case)' })
  async register(
    @Body() body: RegisterDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponseDto> {
    const session = await this.auth.register(body);
    return this.cookie.deliver(session, body.refreshTokenTransport ?? 'body', req, res);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with username and password' })
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors({ 401: 'Wrong username or password' })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponseDto> {
    const session = await this.auth.login(body);
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
  @ApiErrors({ 401: 'Invalid, expired, revoked or already used token' })
  async refresh(
    @Body() body: RefreshTokenDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponseDto> {
    const token = body.refreshToken ?? this.cookie.read(req);
    if (!token) throw new UnauthorizedException('no refresh token: sign in again');
    const transport = body.refreshTokenTransport ?? (body.refreshToken ? 'body' : 'cookie');
    return this.cookie.deliver(await this.auth.refresh(token), transport, req, res);
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
