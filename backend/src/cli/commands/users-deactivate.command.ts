import { CLI_ACTOR } from '../../modules/audit/audit-action';
import { AdminService } from '../../modules/admin/admin.service';
import { type CliCommand, singleUsername } from '../cli-command';

export const usersDeactivate: CliCommand = {
  name: 'users:deactivate',
  usage: '<username>',
  summary: 'end every session and socket of a person and stop them signing in',
  check: (args) => void singleUsername(args),
  async run(app, args) {
    const user = await app
      .get(AdminService)
      .updateUserByUsername(CLI_ACTOR, singleUsername(args), { deactivated: true });
    return [`${user.username} is deactivated; their sessions have ended`];
  },
};
