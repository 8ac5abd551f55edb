import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { WorkspaceSettingsEntity } from './workspace-settings.entity';

export type StoredSettings = Omit<WorkspaceSettingsEntity, 'id' | 'updatedAt'>;

const ROW_ID = 1;

@Injectable()
export class WorkspaceSettingsRepository {
  constructor(
    @InjectRepository(WorkspaceSettingsEntity)
    private readonly settings: Repository<WorkspaceSettingsEntity>,
  ) {}

  find(): Promise<WorkspaceSettingsEntity | null> {
    return this.settings.findOneBy({ id: ROW_ID });
  }

  /**
   * Applies `patch` over the stored row, or over `defaults` when there is none yet, in one
   * statement, so two admins changing different fields at once both keep their change.
   * Returns the row before and after.
   */
  async apply(
    patch: Partial<StoredSettings>,
    defaults: StoredSettings,
  ): Promise<{ before: StoredSettings; after: StoredSettings }> {
    return this.settings.manager.transaction(async (manager) => {
      const repo = manager.getRepository(WorkspaceSettingsEntity);
      await repo
        .createQueryBuilder()
        .insert()
        .values({ id: ROW_ID, ...defaults })
        .orIgnore()
        .execute();
      const current = await repo
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.id = :id', { id: ROW_ID })
        .getOneOrFail();
      const before = pick(current);
      const after = { ...before, ...patch };
      await repo.update({ id: ROW_ID }, after);
      return { before, after };
    });
  }
}

const pick = (row: WorkspaceSettingsEntity): StoredSettings => ({
  workspaceName: row.workspaceName,
  registrationMode: row.registrationMode,
  membersCanInvite: row.membersCanInvite,
  membersCanCreateChannels: row.membersCanCreateChannels,
  requireTwoFactorForAdmins: row.requireTwoFactorForAdmins,
  retentionDays: row.retentionDays,
});
