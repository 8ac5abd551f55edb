import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CLI_ACTOR } from '../../modules/audit/audit-action';
import { CreateInviteDto } from '../../modules/invites/dto/invite.dto';
import { InvitesService } from '../../modules/invites/invites.service';
import { type CliCommand, UsageError } from '../cli-command';

/** `--uses 5` and `--hours 24` become the API's `maxUses` and `expiresInHours`, same limits. */
async function inviteOptions(values: Record<string, string | undefined>) {
  const numberOf = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  const input = plainToInstance(CreateInviteDto, {
    maxUses: numberOf(values.uses),
    expiresInHours: numberOf(values.hours),
  });
  const errors = await validate(input);
  if (errors.length > 0) {
    const flags: Record<string, string> = { maxUses: '--uses', expiresInHours: '--hours' };
    const problems = errors.map((e) => {
      const reasons = Object.values(e.constraints ?? {}).join(', ');
      return `${flags[e.property]}: ${reasons.replaceAll(e.property, 'it')}`;
    });
    throw new UsageError(problems.join('; '));
  }
  return input;
}

export const invitesCreate: CliCommand = {
  name: 'invites:create',
  usage: '[--uses N] [--hours N]',
  summary: 'create an invite link (any number of uses and a week, unless told)',
  options: ['uses', 'hours'],
  async check(args) {
    if (args.positionals.length > 0) throw new UsageError('invites:create takes no arguments');
    await inviteOptions(args.values);
  },
  async run(app, args) {
    const invite = await app
      .get(InvitesService)
      .create(CLI_ACTOR, await inviteOptions(args.values));
    const uses = invite.maxUses === null ? 'any number of uses' : `${invite.maxUses} uses`;
    return [`invite ${invite.id}: ${invite.url} (${uses}, expires ${invite.expiresAt})`];
  },
};
