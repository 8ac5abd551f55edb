// Fixtures for the admin console's unit tests.
import {
  InviteDto,
  InviteSummaryDto,
  UserDto,
  WorkspaceSettingsDto,
} from '../../../core/api/model';
import { alice } from '../../../core/auth/session.testing';

export const admin: UserDto = { ...alice, serverRole: 'admin' };

export const bob: UserDto = {
  id: '0b0b0b0b-0000-4000-8000-000000000002',
  username: 'bob',
  displayName: 'Bob Builder',
  avatarUrl: null,
  isBot: false,
  serverRole: 'member',
  deactivated: false,
  createdAt: '2026-01-02T00:00:00.000Z',
};

export const carol: UserDto = {
  ...bob,
  id: '0c0c0c0c-0000-4000-8000-000000000003',
  username: 'carol',
  displayName: 'Carol Danvers',
};

export const settings: WorkspaceSettingsDto = {
  workspaceName: 'Acme',
  registrationMode: 'open',
  membersCanInvite: false,
  membersCanCreateChannels: true,
  retentionDays: null,
};

export const newInvite: InviteDto = {
  id: '1a1a1a1a-0000-4000-8000-000000000001',
  token: 'tok-1',
  url: 'http://localhost/invite/tok-1',
  maxUses: 5,
  uses: 0,
  expiresAt: '2026-12-14T10:00:00.000Z',
};

export const openInvite: InviteSummaryDto = {
  id: newInvite.id,
  maxUses: 5,
  uses: 2,
  expiresAt: newInvite.expiresAt,
  createdBy: admin.id,
  createdAt: '2026-12-07T10:00:00.000Z',
};
