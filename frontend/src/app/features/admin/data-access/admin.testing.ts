// Fixtures for the admin console's unit tests.
import {
  BotDto,
  InviteDto,
  InviteSummaryDto,
  UserDto,
  WidgetDto,
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
  support: false,
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
  requireTwoFactorForAdmins: false,
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

export const sizebot: BotDto = {
  ...bob,
  id: '5b5b5b5b-0000-4000-8000-000000000005',
  username: 'sizebot',
  displayName: 'SizeBot',
  isBot: true,
  description: 'Clothing and shoe sizes',
  available: true,
  unavailableReason: null,
};

export const assistantBot: BotDto = {
  ...sizebot,
  id: '5b5b5b5b-0000-4000-8000-000000000006',
  username: 'assistant',
  displayName: 'Assistant',
  description: 'A general assistant',
};

export const shopWidget: WidgetDto = {
  id: '3e3e3e3e-0000-4000-8000-000000000001',
  name: 'Shop',
  botUsername: 'sizebot',
  allowedOrigins: ['https://shop.example'],
  greeting: 'Hi! Not sure about your size?',
  handoff: false,
  snippet:
    '<script src="http://localhost/widget.js" data-widget="3e3e3e3e-0000-4000-8000-000000000001" async></script>',
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
};
