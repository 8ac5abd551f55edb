import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import type { ConversationAccess } from '../conversations/access/conversation-access.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import type { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { MessageAnnouncer } from './delivery/message-announcer';
import type { MessageDto } from './dto/message.dto';
import type { LinkPreviewProducer } from './link-preview/link-preview.producer';
import type { MessageEntity } from './message.entity';
import type { MessageViews } from './message-views';
import type { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import type { MessagePageCache } from './page-cache/message-page-cache';
import type { MessageSender } from './send/message-sender';

const AUTHOR = 'author';
const OTHER = 'other-member';

function stored(changes: Partial<MessageEntity> = {}): MessageEntity {
  return {
    id: 'm1',
    conversationId: 'c1',
    seq: '7',
    senderId: AUTHOR,
    body: 'hello',
    clientMessageId: 'client-1',
    replyToId: null,
    threadRootId: null,
    alsoToConversation: false,
    forwardedFrom: null,
    kind: 'text',
    status: 'complete',
    failureReason: null,
    system: null,
    attachmentIds: [],
    mentions: [],
    mentionsHere: false,
    createdAt: new Date(0),
    editedAt: null,
    deletedAt: null,
    linkPreview: null,
    ...changes,
  };
}

/**
 * The service over mocked collaborators: one stored message, a caller who is a member (or not)
 * and a moderator of the group (or not).
 */
function setup(
  message: MessageEntity | null,
  caller: { member?: boolean; moderator?: boolean } = {},
) {
  const { member = true, moderator = false } = caller;
  const update = jest.fn((_id: string, changes: Partial<MessageEntity>) =>
    Promise.resolve<MessageEntity | null>({ ...message!, ...changes }),
  );
  const repository = {
    findById: () => Promise.resolve(message),
    update,
  } as unknown as MessagesRepository;
  const access = {
    requireMember: () =>
      member ? Promise.resolve({ role: 'member' }) : Promise.reject(new NotFoundException()),
    canModerate: () => Promise.resolve(moderator),
  } as unknown as ConversationAccess;
  const views = {
    of: (rows: MessageEntity[]) =>
      Promise.resolve(
        rows.map((r) => ({ id: r.id, conversationId: r.conversationId, body: r.body })),
      ),
  } as unknown as MessageViews;
  const toConversation = jest.fn();
  const realtime = { toConversation } as unknown as RealtimePublisher;
  const request = jest.fn((_message: MessageDto) => undefined);
  const linkPreviews = { request } as unknown as LinkPreviewProducer;
  const service = new MessagesService(
    repository,
    access,
    views,
    {} as MessageSender,
    realtime,
    {} as MessageAnnouncer,
    linkPreviews,
    {} as MessagePageCache,
  );
  return { service, update, toConversation, request };
}

describe('MessagesService: who may edit a message', () => {
  it('lets the author edit their text, tells the room and previews a new first link', async () => {
    const { service, update, toConversation, request } = setup(stored());
    const dto = await service.edit('m1', AUTHOR, 'see https://example.com');
    expect(update).toHaveBeenCalledWith(
      'm1',
      expect.objectContaining({ body: 'see https://example.com', linkPreview: null }),
    );
    expect(toConversation).toHaveBeenCalledWith('c1', SocketEvent.MessageUpdated, dto);
    expect(request).toHaveBeenCalledWith(dto);
  });

  it('keeps the preview when the first link did not change', async () => {
    const { service, update, request } = setup(stored({ body: 'https://example.com' }));
    await service.edit('m1', AUTHOR, 'https://example.com again');
    expect(update.mock.calls[0][1]).not.toHaveProperty('linkPreview');
    expect(request).not.toHaveBeenCalled();
  });

  it.each([
    ['another member', stored(), OTHER, ForbiddenException],
    ['anyone, for a system line', stored({ kind: 'system' }), AUTHOR, ForbiddenException],
    ['the bot, for a bot reply', stored({ kind: 'bot' }), AUTHOR, ForbiddenException],
    ['the author, once deleted', stored({ deletedAt: new Date() }), AUTHOR, ConflictException],
  ])('refuses %s', async (_who, message, userId, refusal) => {
    const { service, update, toConversation } = setup(message);
    await expect(service.edit('m1', userId, 'changed')).rejects.toBeInstanceOf(refusal);
    expect(update).not.toHaveBeenCalled();
    expect(toConversation).not.toHaveBeenCalled();
  });

  it('answers 404 to a non-member, as for a message that does not exist', async () => {
    await expect(
      setup(stored(), { member: false }).service.edit('m1', AUTHOR, 'x'),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(setup(null).service.edit('m1', AUTHOR, 'x')).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });
});

describe('MessagesService: who may delete a message', () => {
  it('lets the author delete, leaving a tombstone the room hears of', async () => {
    const { service, update, toConversation } = setup(stored());
    await service.delete('m1', AUTHOR);
    expect(update).toHaveBeenCalledWith(
      'm1',
      expect.objectContaining({ body: null, deletedAt: expect.any(Date) as Date }),
    );
    expect(toConversation).toHaveBeenCalledWith('c1', SocketEvent.MessageDeleted, {
      id: 'm1',
      conversationId: 'c1',
      seq: 7,
    });
  });

  it("lets a group owner or admin delete someone else's message", async () => {
    const { service, update } = setup(stored(), { moderator: true });
    await service.delete('m1', OTHER);
    expect(update).toHaveBeenCalled();
  });

  it("refuses a plain member deleting someone else's message", async () => {
    const { service, update } = setup(stored());
    await expect(service.delete('m1', OTHER)).rejects.toBeInstanceOf(ForbiddenException);
    expect(update).not.toHaveBeenCalled();
  });

  it('refuses everyone, moderators too, for a system line', async () => {
    const { service } = setup(stored({ kind: 'system' }), { moderator: true });
    await expect(service.delete('m1', AUTHOR)).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('does nothing the second time', async () => {
    const { service, update, toConversation } = setup(stored({ deletedAt: new Date() }));
    await service.delete('m1', AUTHOR);
    expect(update).not.toHaveBeenCalled();
    expect(toConversation).not.toHaveBeenCalled();
  });

  it('answers 404 to a non-member', async () => {
    const { service } = setup(stored(), { member: false });
    await expect(service.delete('m1', AUTHOR)).rejects.toBeInstanceOf(NotFoundException);
  });
});
