import { CLI_ACTOR } from '../../modules/audit/audit-action';
import { AdminService } from '../../modules/admin/admin.service';
import { type CliCommand, singleUsername } from '../cli-command';

export const adminGrant: CliCommand = {
  name: 'admin:grant',
  usage: '<username>',
  summary: 'make a person a workspace admin',
  check: (args) => void singleUsername(args),
  async run(app, args) {
    const user = await app
      .get(AdminService)
      .updateUserByUsername(CLI_ACTOR, singleUsername(args), { serverRole: 'admin' });
    return [`${user.username} is an admin`];
  },
};
