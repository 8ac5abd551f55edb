import { CLI_ACTOR } from '../../modules/audit/audit-action';
import { AdminService } from '../../modules/admin/admin.service';
import { type CliCommand, singleUsername } from '../cli-command';

export const adminRevoke: CliCommand = {
  name: 'admin:revoke',
  usage: '<username>',
  summary: 'make an admin a member again (never the last active admin)',
  check: (args) => void singleUsername(args),
  async run(app, args) {
    const user = await app
      .get(AdminService)
      .updateUserByUsername(CLI_ACTOR, singleUsername(args), { serverRole: 'member' });
    return [`${user.username} is a member`];
  },
};
