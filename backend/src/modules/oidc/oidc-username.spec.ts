import { usernameFor } from './oidc-username';

const USERNAME = /^[a-z0-9_.]{3,32}$/;

describe('usernameFor', () => {
  it('takes preferred_username, else the email local part, as a valid username', () => {
    expect(usernameFor({ preferredUsername: 'Jane.Doe', email: 'x@y.z' }, 0)).toBe('jane.doe');
    expect(usernameFor({ preferredUsername: null, email: 'zoë-ann@corp.example' }, 0)).toBe(
      'zoe_ann',
    );
  });

  it('makes something valid of short, empty or exotic hints', () => {
    for (const preferredUsername of ['a', '', '---', '漢字', 'x'.repeat(80)]) {
      expect(usernameFor({ preferredUsername, email: null }, 0)).toMatch(USERNAME);
    }
    expect(usernameFor({ preferredUsername: null, email: null }, 0)).toBe('user');
  });

  it('adds a random suffix on retries, still within 32 characters', () => {
    const retry = usernameFor({ preferredUsername: 'y'.repeat(40), email: null }, 1);
    expect(retry).toMatch(USERNAME);
    expect(retry).toMatch(/^y+_[0-9a-f]{4}$/);
  });
});
