// Fixtures for the chat's unit tests: DTOs as the server sends them.
import { ConversationSummaryDto, MemberDto, MessageDto, UserDto } from '../../../core/api/model';
import { alice } from '../../../core/auth/session.testing';

export { alice };

export const bob: UserDto = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  username: 'bob',
  displayName: 'Bob Builder',
  avatarUrl: null,
  isBot: false,
  serverRole: 'member',
  deactivated: false,
  support: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const carol: UserDto = {
  id: '9b2f1e4c-3d5a-4e6b-8c7d-1a2b3c4d5e6f',
  username: 'carol',
  displayName: 'Carol Danvers',
  avatarUrl: null,
  isBot: false,
  serverRole: 'member',
  deactivated: false,
  support: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const bot: UserDto = {
  id: '3d6f0a4e-8b1c-4f2a-9e7d-5c4b3a291807',
  username: 'sizebot',
  displayName: 'SizeBot',
  avatarUrl: null,
  isBot: true,
  serverRole: 'member',
  deactivated: false,
  support: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const CONVERSATION_ID = 'c0000000-0000-4000-8000-000000000001';

/** Message `seq` of the test conversation, from `sender`, a minute apart from 10:00 UTC. */
export function message(seq: number, overrides: Partial<MessageDto> = {}): MessageDto {
  return {
    id: `m-${seq}`,
    conversationId: CONVERSATION_ID,
    seq,
    sender: bob,
    body: `message ${seq}`,
    clientMessageId: `client-${seq}`,
    replyToId: null,
    threadRootId: null,
    alsoToConversation: false,
    thread: null,
    forwardedFrom: null,
    kind: 'text',
    status: 'complete',
    createdAt: new Date(Date.UTC(2026, 2, 12, 10, seq)).toISOString(),
    editedAt: null,
    deletedAt: null,
    failureReason: null,
    system: null,
    reactions: [],
    linkPreview: null,
    attachments: [],
    mentions: [],
    mentionsHere: false,
    ...overrides,
  };
}

export function member(user: UserDto, lastReadSeq = 0): MemberDto {
  return { user, role: 'member', lastReadSeq, lastDeliveredSeq: lastReadSeq };
}

export function conversation(
  overrides: Partial<ConversationSummaryDto> = {},
): ConversationSummaryDto {
  return {
    id: CONVERSATION_ID,
    type: 'direct',
    title: null,
    topic: null,
    archived: false,
    members: [member(alice), member(bob)],
    lastMessage: null,
    lastSeq: 0,
    lastReadSeq: 0,
    unreadCount: 0,
    mentionCount: 0,
    muted: false,
    mutedUntil: null,
    updatedAt: '2026-03-12T09:00:00.000Z',
    ...overrides,
  };
}
