import request from 'supertest';

let counter = 0;

/** A username no other test (or earlier run against the same server) has used. */
export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${process.pid.toString(36)}${counter}`.slice(0, 32);
}

export interface Session {
  user: { id: string; username: string; displayName: string };
  accessToken: string;
  refreshToken: string;
}

/** Registers a fresh user through the public API. */
export async function register(
  baseUrl: string,
  overrides: { username?: string; password?: string; displayName?: string } = {},
): Promise<Session> {
  const res = await request(baseUrl)
    .post('/api/v1/auth/register')
    .send({ username: uniqueUsername(), password: 'correct horse battery', ...overrides })
    .expect(201);
  return res.body as Session;
}
