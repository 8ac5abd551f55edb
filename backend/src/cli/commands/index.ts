import type { CliCommand } from '../cli-command';
import { adminGrant } from './admin-grant.command';
import { adminRevoke } from './admin-revoke.command';
import { backup } from './backup.command';
import { invitesCreate } from './invites-create.command';
import { restore } from './restore.command';
import { keysRotate } from './keys-rotate.command';
import { usersDeactivate } from './users-deactivate.command';
import { usersReactivate } from './users-reactivate.command';

/** Every command of `node backend/dist/cli.js`; a new one is a file and a line here. */
export const COMMANDS: readonly CliCommand[] = [
  adminGrant,
  adminRevoke,
  usersDeactivate,
  usersReactivate,
  invitesCreate,
  backup,
  restore,
  keysRotate,
];
