/** Server-wide roles; conversation roles (owner/admin/member) are a separate thing. */
export const SERVER_ROLES = ['admin', 'member', 'guest'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

/** A change of a user's server role or deactivation, as an admin (or the CLI) asks for it. */
export interface AccessChange {
  serverRole?: ServerRole;
  deactivated?: boolean;
  /** On the support team: answers widget visitors from the inbox. */
  support?: boolean;
}
