import { Injectable } from '@nestjs/common';
import type { AdminAccessPolicy } from '../users/admin-access-policy';
import { WorkspaceSettingsService } from '../workspace/workspace-settings.service';
import { TwoFactorService } from './two-factor.service';

/** With `requireTwoFactorForAdmins` on, an admin without two-factor gets no admin API. */
@Injectable()
export class AdminTwoFactorPolicy implements AdminAccessPolicy {
  constructor(
    private readonly settings: WorkspaceSettingsService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  async refusal(userId: string): Promise<string | null> {
    const { requireTwoFactorForAdmins } = await this.settings.get();
    if (!requireTwoFactorForAdmins || (await this.twoFactor.isEnabled(userId))) return null;
    return 'this workspace requires admins to turn on two-factor authentication first';
  }
}
