import { KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '../../config/app-config';
import type { UsersService } from '../users/users.service';
import { accessTokenKey } from './access-token-key';
import type { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';

const secret = 'Zr8qL2vX9mN4pT7wK1sD6fH3jB5nC0gE-test';
const config = loadConfig({
  DATABASE_URL: 'postgres://u:p@localhost:5432/chat',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: secret,
});

describe('accessTokenKey', () => {
  it('is the same HS256 key as the secret string: tokens signed before still verify', () => {
    const key = accessTokenKey(config);
    expect(key.type).toBe('secret');
    const claims = { sub: 'u1', username: 'alice' };
    const options = { signOptions: { algorithm: 'HS256' as const } };
    const withString = new JwtService({ ...options, secret });
    const withKey = new JwtService({ ...options, secret: key });
    expect(withKey.verify(withString.sign(claims))).toMatchObject(claims);
    expect(withString.verify(withKey.sign(claims))).toMatchObject(claims);
  });

  it('is what the HTTP strategy verifies with, so no request parses the secret again', async () => {
    // passport-jwt keeps the key behind its provider callback; ask it as a request would.
    const users = { isActive: () => Promise.resolve(true) } as unknown as UsersService;
    const strategy = new JwtStrategy(config, users, {} as AuthService) as unknown as {
      _secretOrKeyProvider: (
        req: unknown,
        token: string,
        done: (e: Error | null, k: unknown) => void,
      ) => void;
    };
    const key = await new Promise((resolve, reject) =>
      strategy._secretOrKeyProvider(null, 'token', (e, k) => (e ? reject(e) : resolve(k))),
    );
    expect(key).toBeInstanceOf(KeyObject);
  });
});
