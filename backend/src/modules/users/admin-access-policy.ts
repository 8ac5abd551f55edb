/**
 * A further condition on the admin API beyond the role, provided by a module that knows it
 * (two-factor: `requireTwoFactorForAdmins`). A port, so the users module depends on none of them.
 */
export abstract class AdminAccessPolicy {
  /** Why this admin may not use the admin API right now; null when they may. */
  abstract refusal(userId: string): Promise<string | null>;
}
