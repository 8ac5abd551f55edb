/** What binds a stored 2FA secret to its row (the two-factor module and the key rotation). */
export function twoFactorSecretAad(userId: string): string {
  return `two-factor:${userId}`;
}
