import * as argon2 from '@node-rs/argon2';
import { PasswordHasher } from './password-hasher';

// The real Argon2, counted: the test proves how much work each path does, not how long it took.
jest.mock('@node-rs/argon2', () => {
  const actual = jest.requireActual<typeof import('@node-rs/argon2')>('@node-rs/argon2');
  return { ...actual, verify: jest.fn(actual.verify) };
});
const verify = argon2.verify as jest.MockedFunction<typeof argon2.verify>;

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  beforeEach(() => verify.mockClear());

  it('verifies a correct password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse');
    expect(await hasher.verify(stored, 'correct horse')).toBe(true);
    expect(await hasher.verify(stored, 'wrong horse')).toBe(false);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('runs one real Argon2 verification for an unknown user too, and refuses it', async () => {
    expect(await hasher.verify(null, 'correct horse')).toBe(false);
    // The same work as for a known user: one verification against a real Argon2id hash with
    // the same parameters, so the answer time does not tell whether a username exists.
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0][0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
