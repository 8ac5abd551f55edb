import { NotFoundException } from '@nestjs/common';
import type { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import type { ConversationAccess } from './access/conversation-access.service';
import type { ConversationSummariesService } from './conversation-summaries.service';
import type { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';

/*
 * A member's own state (read marker, unread, mute) with mocked dependencies: only members may
 * touch it (404 otherwise, so a conversation's existence is not revealed), and a refused call
 * neither writes nor tells anyone.
 */

function setUp(isMember: boolean) {
  const repository = {
    advanceReadMarker: jest.fn().mockResolvedValue(5),
    markUnreadFrom: jest.fn().mockResolvedValue(true),
    setMuted: jest.fn().mockResolvedValue(true),
  };
  const access = {
    requireMember: jest.fn(() =>
      isMember
        ? Promise.resolve({ role: 'member' })
        : Promise.reject(new NotFoundException('conversation not found')),
    ),
  };
  const summary = { id: 'c1', lastReadSeq: 3, unreadCount: 2, mentionCount: 1 };
  const summaries = { summaryFor: jest.fn().mockResolvedValue(summary) };
  const realtime = { toConversation: jest.fn(), toUser: jest.fn() };
  const service = new ConversationsService(
    repository as unknown as ConversationsRepository,
    access as unknown as ConversationAccess,
    summaries as unknown as ConversationSummariesService,
    realtime as unknown as RealtimePublisher,
  );
  return { service, repository, realtime, summary };
}

describe('a member’s own state', () => {
  it.each`
    action          | call
    ${'markRead'}   | ${(s: ConversationsService) => s.markRead('c1', 'u1', 5)}
    ${'markUnread'} | ${(s: ConversationsService) => s.markUnread('c1', 'u1', 4)}
    ${'setMuted'}   | ${(s: ConversationsService) => s.setMuted('c1', 'u1', true)}
  `(
    '$action: 404 for a non-member, nothing written or sent',
    async ({ call }: { call: (s: ConversationsService) => Promise<unknown> }) => {
      const { service, repository, realtime } = setUp(false);
      await expect(call(service)).rejects.toEqual(new NotFoundException('conversation not found'));
      for (const write of Object.values(repository)) expect(write).not.toHaveBeenCalled();
      expect(realtime.toConversation).not.toHaveBeenCalled();
      expect(realtime.toUser).not.toHaveBeenCalled();
    },
  );

  it('sends a read receipt to the room when the marker moved, and none when it did not', async () => {
    const { service, repository, realtime } = setUp(true);
    await service.markRead('c1', 'u1', 5);
    expect(realtime.toConversation).toHaveBeenCalledWith('c1', SocketEvent.ConversationRead, {
      conversationId: 'c1',
      userId: 'u1',
      seq: 5,
    });
    repository.advanceReadMarker.mockResolvedValue(null);
    await service.markRead('c1', 'u1', 2);
    expect(realtime.toConversation).toHaveBeenCalledTimes(1);
  });

  it('tells only the member’s own sockets that they marked it unread', async () => {
    const { service, realtime } = setUp(true);
    const state = await service.markUnread('c1', 'u1', 4);
    expect(state).toEqual({
      conversationId: 'c1',
      lastReadSeq: 3,
      unreadCount: 2,
      mentionCount: 1,
    });
    expect(realtime.toUser).toHaveBeenCalledWith('u1', SocketEvent.ConversationUnread, state);
  });
});
