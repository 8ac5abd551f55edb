import { alice, bob, bot, carol, conversation, member, message } from './chat.testing';
import {
  conversationAvatar,
  conversationTitle,
  directBot,
  messagePreview,
  plainText,
  readStateOf,
  typingLabel,
} from './conversation-view';

describe('conversation display', () => {
  const group = conversation({
    type: 'group',
    title: 'Weekend trip',
    members: [member(alice), member(bob), member(carol)],
  });

  it('names a direct chat after the other person, a group after its title', () => {
    expect(conversationTitle(conversation(), alice.id)).toBe('Bob Builder');
    expect(conversationTitle(group, alice.id)).toBe('Weekend trip');
    expect(conversationTitle({ ...group, title: null }, alice.id)).toBe(
      'Bob Builder, Carol Danvers',
    );
  });

  it('shows the other person’s avatar, or the group’s own', () => {
    expect(conversationAvatar(conversation(), alice.id)).toBe(bob);
    expect(conversationAvatar(group, alice.id)).toEqual({
      id: group.id,
      displayName: 'Weekend trip',
      avatarUrl: null,
    });
  });

  it('previews the last message', () => {
    const direct = conversation();
    expect(messagePreview(null, direct, alice.id)).toBe('No messages yet');
    expect(messagePreview(message(1, { body: '  Hi\nthere' }), direct, alice.id)).toBe('Hi');
    expect(messagePreview(message(1, { sender: alice, body: 'Hello' }), direct, alice.id)).toBe(
      'You: Hello',
    );
    expect(messagePreview(message(1, { body: 'Hello' }), group, alice.id)).toBe('Bob: Hello');
    expect(
      messagePreview(
        message(1, { body: null, deletedAt: '2026-03-12T10:00:00Z' }),
        direct,
        alice.id,
      ),
    ).toBe('Message deleted');
  });

  it('previews a bot reply by its state, and its Markdown as plain text', () => {
    const withBot = conversation({ members: [member(alice), member(bot)] });
    const reply = (overrides: Parameters<typeof message>[1]) =>
      message(2, { sender: bot, kind: 'bot', ...overrides });
    expect(messagePreview(reply({ body: '', status: 'streaming' }), withBot, alice.id)).toBe(
      'Replying…',
    );
    expect(
      messagePreview(
        reply({ body: 'Half', status: 'failed', failureReason: 'x' }),
        withBot,
        alice.id,
      ),
    ).toBe("Couldn't finish the reply");
    expect(
      messagePreview(
        reply({ body: '**M** — EU 48-50\nReason: chest', status: 'complete' }),
        withBot,
        alice.id,
      ),
    ).toBe('M — EU 48-50');
    expect(messagePreview(reply({ body: '_Stopped._' }), group, alice.id)).toBe(
      'SizeBot: Stopped.',
    );
    // People's messages are formatted too: the preview leaves the marks out.
    expect(messagePreview(message(1, { body: '**bold** and `code`' }), withBot, alice.id)).toBe(
      'bold and code',
    );
  });

  it('knows the bot a direct chat is with', () => {
    expect(directBot(conversation({ members: [member(alice), member(bot)] }), alice.id)).toEqual(
      bot,
    );
    expect(directBot(conversation(), alice.id)).toBeNull();
    expect(
      directBot(
        conversation({ type: 'group', members: [member(alice), member(bot), member(bob)] }),
        alice.id,
      ),
    ).toBeNull();
  });

  it('turns Markdown into plain text', () => {
    expect(plainText('# Sizes\n- **M**: EU 48\n- `L`: [chart](https://x.example)')).toBe(
      'Sizes\nM: EU 48\nL: chart',
    );
    expect(plainText('snake_case_name and 2 * 3 * 4')).toBe('snake_case_name and 2 * 3 * 4');
  });

  it('says who is typing', () => {
    expect(typingLabel([])).toBeNull();
    expect(typingLabel(['Bob'])).toBe('Bob is typing…');
    expect(typingLabel(['Bob', 'Carol'])).toBe('Bob and Carol are typing…');
    expect(typingLabel(['Bob', 'Carol', 'Dan'])).toBe('3 people are typing…');
  });
});

describe('readStateOf', () => {
  const direct = (bobRead: number) =>
    conversation({ members: [member(alice, 9), member(bob, bobRead)] });

  it('is pending before the server stored the message, failed when it refused it', () => {
    expect(readStateOf({ seq: null, failed: false }, direct(0), alice.id).state).toBe('pending');
    expect(readStateOf({ seq: null, failed: true }, direct(0), alice.id).state).toBe('failed');
  });

  it('is sent until the other person’s read marker reaches the message, then read', () => {
    expect(readStateOf({ seq: 5, failed: false }, direct(4), alice.id)).toEqual({
      state: 'sent',
      readBy: 0,
      of: 1,
    });
    expect(readStateOf({ seq: 5, failed: false }, direct(5), alice.id)).toEqual({
      state: 'read',
      readBy: 1,
      of: 1,
    });
  });

  it("is delivered once every other member's devices have it, before they read it", () => {
    const delivered = (bobDelivered: number) =>
      conversation({
        members: [member(alice, 9), { ...member(bob, 2), lastDeliveredSeq: bobDelivered }],
      });
    expect(readStateOf({ seq: 5, failed: false }, delivered(4), alice.id).state).toBe('sent');
    expect(readStateOf({ seq: 5, failed: false }, delivered(5), alice.id)).toEqual({
      state: 'delivered',
      readBy: 0,
      of: 1,
    });
    const group = conversation({
      type: 'group',
      members: [
        member(alice, 9),
        { ...member(bob, 0), lastDeliveredSeq: 9 },
        { ...member(carol, 0), lastDeliveredSeq: 4 },
      ],
    });
    expect(readStateOf({ seq: 5, failed: false }, group, alice.id).state).toBe('sent');
  });

  it('is read in a group once everyone else has read it, counting those who have', () => {
    const group = conversation({
      type: 'group',
      members: [member(alice, 9), member(bob, 7), member(carol, 3)],
    });
    expect(readStateOf({ seq: 5, failed: false }, group, alice.id)).toEqual({
      state: 'sent',
      readBy: 1,
      of: 2,
    });
    expect(readStateOf({ seq: 3, failed: false }, group, alice.id).state).toBe('read');
  });
});
