import { randomBytes } from 'node:crypto';

const MAX = 32;
const SUFFIX = 5;

/**
 * A username (3-32 of `a-z 0-9 _ .`) for a person whose account single sign-on creates, from
 * what the provider says of them: `preferred_username`, else the email's local part. With
 * `attempt` > 0 (the plain one was taken) a random suffix keeps it recognisable and unique.
 */
export function usernameFor(
  hint: { preferredUsername: string | null; email: string | null },
  attempt: number,
): string {
  const source = hint.preferredUsername ?? hint.email?.split('@')[0] ?? '';
  let base = source
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_.]+/g, '_')
    .replace(/^[_.]+|[_.]+$/g, '');
  if (base.length < 3) base = `user${base ? `_${base}` : ''}`;
  if (attempt === 0) return base.slice(0, MAX);
  const suffix = randomBytes(4)
    .toString('hex')
    .slice(0, SUFFIX - 1);
  return `${base.slice(0, MAX - SUFFIX)}_${suffix}`;
}
