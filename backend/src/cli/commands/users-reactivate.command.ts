import { CLI_ACTOR } from '../../modules/audit/audit-action';
import { AdminService } from '../../modules/admin/admin.service';
import { type CliCommand, singleUsername } from '../cli-command';

export const usersReactivate: CliCommand = {
  name: 'users:reactivate',
  usage: '<username>',
  summary: 'let a deactivated person sign in again',
  check: (args) => void singleUsername(args),
  async run(app, args) {
    const user = await app
      .get(AdminService)
      .updateUserByUsername(CLI_ACTOR, singleUsername(args), { deactivated: false });
    return [`${user.username} is active`];
  },
};
