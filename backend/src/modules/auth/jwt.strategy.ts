import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/current-user.decorator';
import { UsersService } from '../users/users.service';
import { accessTokenKey } from './access-token-key';
import { type AccessTokenClaims, AuthService } from './auth.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    config: AppConfig,
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands it to jsonwebtoken.verify, which takes a KeyObject; its types lag.
      secretOrKey: accessTokenKey(config) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /**
   * A deactivated person's access tokens stop at once, not when they expire. The check reads
   * the profile cache, which every process drops for that user when the change is stored. A
   * token of an ended session stops at once too, as a socket's does.
   */
  async validate(claims: AccessTokenClaims): Promise<AuthUser> {
    // Deactivation first: it also ends the sessions, and it is the reason worth telling.
    if (!(await this.users.isActive(claims.sub))) {
      throw new UnauthorizedException('account deactivated');
    }
    await this.auth.assertSessionOpen(claims);
    return claims.guest
      ? { id: claims.sub, username: claims.username, guest: claims.guest }
      : { id: claims.sub, username: claims.username, sessionId: claims.sid };
  }
}
