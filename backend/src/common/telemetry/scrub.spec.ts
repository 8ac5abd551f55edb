import { REDACTED, scrub, withoutQuery } from './scrub';

describe('scrub', () => {
  it('redacts values under secret-looking keys, at any depth', () => {
    const event = {
      request: {
        data: '{"body":"hello"}',
        cookies: { refresh: 'r' },
        headers: { Authorization: 'x' },
      },
      extra: {
        password: 'p',
        newPassword: 'q',
        refreshToken: 't',
        nested: [{ body: 'secret text' }],
      },
      tags: { route: '/api/v1/messages/:id', queue: 'bot-replies' },
    };
    expect(scrub(event)).toEqual({
      request: { data: REDACTED, cookies: REDACTED, headers: { Authorization: REDACTED } },
      extra: {
        password: REDACTED,
        newPassword: REDACTED,
        refreshToken: REDACTED,
        nested: [{ body: REDACTED }],
      },
      tags: { route: '/api/v1/messages/:id', queue: 'bot-replies' },
    });
  });

  it('redacts bearer tokens, JWTs and secret query parameters inside any string', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(scrub(`failed: Authorization: Bearer abc.def-ghi for ${jwt}`)).toBe(
      `failed: Authorization: Bearer ${REDACTED} for ${REDACTED}`,
    );
    expect(scrub('GET /reset?token=abc123&x=1 and /oidc?code=zz')).toBe(
      `GET /reset?token=${REDACTED}&x=1 and /oidc?code=${REDACTED}`,
    );
  });

  it('leaves what carries no secret as it was', () => {
    const value = { message: 'relation "messages" does not exist', count: 3, ok: true, none: null };
    expect(scrub(value)).toEqual(value);
  });

  it('drops query strings and fragments from URLs', () => {
    expect(withoutQuery('http://h/api/v1/x?token=1#f')).toBe('http://h/api/v1/x');
  });
});
