import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { Public } from '../../common/public.decorator';
import { AppConfig } from '../../config/app-config';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import { RefreshCookie } from '../auth/refresh-cookie';
import { sessionClient } from '../auth/session-client';
import { OidcLinkDto, OidcRedirectDto, StartOidcQuery } from './dto/oidc.dto';
import { oidcCookie } from './oidc-cookie';
import { OidcService, type OidcOutcome } from './oidc.service';

const NOT_CONFIGURED = { 404: 'Single sign-on is not configured (OIDC_ISSUER unset)' };

/**
 * Single sign-on (DESIGN §11). The browser navigates to `start` and comes back to `callback`,
 * which answers with a redirect into the web app: `/sign-in/sso` signed in (the refresh token
 * in its HttpOnly cookie), `/sign-in/sso#challenge=<token>` when two-factor is on,
 * `/sign-in/sso?error=<reason>` when refused, and `/settings/security?sso=<result>` after a link.
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly cookie: RefreshCookie,
    private readonly config: AppConfig,
  ) {}

  @Get('start')
  @Public()
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({ summary: 'Start signing in with the identity provider (a browser navigation)' })
  @ApiFoundResponse({ description: 'Redirect to the identity provider' })
  @ApiErrors(400, 503, { ...NOT_CONFIGURED, 429: 'Too many attempts from this address' })
  async startOidcSignIn(
    @Query() query: StartOidcQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { url, state } = await this.oidc.begin({
      kind: 'sign-in',
      inviteToken: query.inviteToken,
    });
    oidcCookie.set(req, res, state);
    res.redirect(HttpStatus.FOUND, url);
  }

  @Get('callback')
  @Public()
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({ summary: 'Where the identity provider sends the browser back' })
  @ApiQuery({ name: 'code', required: false, type: String })
  @ApiQuery({ name: 'state', required: false, type: String })
  @ApiQuery({ name: 'error', required: false, type: String })
  @ApiFoundResponse({ description: 'Redirect into the web app with the outcome' })
  @ApiErrors(503, { ...NOT_CONFIGURED, 429: 'Too many attempts from this address' })
  async oidcCallback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const browserState = oidcCookie.take(req, res);
    const query = req.originalUrl.split('?')[1] ?? '';
    const outcome = await this.oidc.finish(query, browserState, sessionClient(req));
    res.redirect(HttpStatus.FOUND, this.landing(outcome, req, res));
  }

  @Post('link')
  @HttpCode(HttpStatus.OK)
  @ApiSignedIn()
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({ summary: 'Start linking my account to the identity provider' })
  @ApiOkResponse({
    type: OidcRedirectDto,
    description: 'Navigate the browser to `url`; the provider sends it back to the callback',
  })
  @ApiErrors({ ...NOT_CONFIGURED, 429: 'Too many attempts from this address' })
  async startOidcLink(
    @CurrentUser() me: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OidcRedirectDto> {
    const { url, state } = await this.oidc.begin({ kind: 'link', userId: me.id });
    oidcCookie.set(req, res, state);
    return { url };
  }

  @Get('link')
  @ApiSignedIn()
  @ApiOperation({ summary: 'My link to the identity provider' })
  @ApiOkResponse({ type: OidcLinkDto })
  @ApiErrors(NOT_CONFIGURED)
  getOidcLink(@CurrentUser() me: AuthUser): Promise<OidcLinkDto> {
    return this.oidc.getLink(me.id);
  }

  @Delete('link')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiSignedIn()
  @ApiOperation({ summary: 'Unlink my account from the identity provider' })
  @ApiNoContentResponse({ description: 'Unlinked: sign in with the password from now on' })
  @ApiErrors({
    404: 'Not linked, or single sign-on is not configured',
    409: 'The account has no password: single sign-on is its only way in',
  })
  unlinkOidc(@CurrentUser() me: AuthUser): Promise<void> {
    return this.oidc.unlink(me.id);
  }

  private landing(outcome: OidcOutcome, req: Request, res: Response): string {
    const app = this.config.PUBLIC_URL;
    switch (outcome.kind) {
      case 'signed-in':
        this.cookie.deliver(outcome.session, 'cookie', req, res);
        return `${app}/sign-in/sso`;
      case 'two-factor':
        // In the fragment: it never reaches a server or a log.
        return `${app}/sign-in/sso#challenge=${encodeURIComponent(outcome.challengeToken)}`;
      case 'linked':
        return `${app}/settings/security?sso=linked`;
      case 'refused':
        return outcome.intent === 'link'
          ? `${app}/settings/security?sso=${outcome.reason}`
          : `${app}/sign-in/sso?error=${outcome.reason}`;
    }
  }
}
