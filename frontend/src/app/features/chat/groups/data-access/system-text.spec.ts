import { MessageDto } from '../../../../core/api/model';
import { alice, bob, carol, message } from '../../data-access/chat.testing';
import { listOf, systemText } from './system-text';

const names = new Map([
  [alice.id, alice.displayName],
  [bob.id, bob.displayName],
  [carol.id, carol.displayName],
]);
const nameOf = (id: string) => names.get(id);

function line(event: NonNullable<MessageDto['system']>, myId = 'someone-else'): string {
  const sender = [alice, bob, carol].find((user) => user.id === event.actorId) ?? alice;
  return systemText(
    message(1, { kind: 'system', sender, body: 'the server’s text', system: event }),
    nameOf,
    myId,
  );
}

describe('systemText', () => {
  it('tells each group change with the names the client knows', () => {
    expect(line({ action: 'created', actorId: alice.id, title: 'Trip', userIds: [bob.id] })).toBe(
      'Alice Liddell created the group “Trip” with Bob Builder',
    );
    expect(line({ action: 'renamed', actorId: alice.id, title: 'Trip' })).toBe(
      'Alice Liddell renamed the group to “Trip”',
    );
    expect(line({ action: 'members_added', actorId: alice.id, userIds: [bob.id, carol.id] })).toBe(
      'Alice Liddell added Bob Builder and Carol Danvers',
    );
    expect(line({ action: 'member_removed', actorId: alice.id, userIds: [bob.id] })).toBe(
      'Alice Liddell removed Bob Builder',
    );
    expect(line({ action: 'member_left', actorId: bob.id })).toBe('Bob Builder left');
    expect(
      line({ action: 'role_changed', actorId: alice.id, userIds: [bob.id], role: 'admin' }),
    ).toBe('Alice Liddell made Bob Builder an admin');
    expect(
      line({ action: 'role_changed', actorId: alice.id, userIds: [bob.id], role: 'member' }),
    ).toBe('Alice Liddell removed Bob Builder as admin');
    expect(line({ action: 'ownership_transferred', actorId: alice.id, userIds: [carol.id] })).toBe(
      'Carol Danvers is now the owner',
    );
  });

  it('tells each channel change in the reader’s terms too', () => {
    expect(line({ action: 'channel_created', actorId: alice.id, title: 'design' })).toBe(
      'Alice Liddell created the channel #design',
    );
    expect(line({ action: 'member_joined', actorId: bob.id }, bob.id)).toBe('You joined');
    expect(line({ action: 'topic_changed', actorId: alice.id, topic: 'Launch' })).toBe(
      'Alice Liddell set the topic to “Launch”',
    );
    expect(line({ action: 'topic_changed', actorId: alice.id }, alice.id)).toBe(
      'You cleared the topic',
    );
    expect(line({ action: 'archived', actorId: alice.id })).toBe(
      'Alice Liddell archived the conversation',
    );
    expect(line({ action: 'unarchived', actorId: alice.id }, alice.id)).toBe(
      'You unarchived the conversation',
    );
    expect(line({ action: 'message_pinned', actorId: carol.id })).toBe(
      'Carol Danvers pinned a message',
    );
  });

  it('says "you" to the reader', () => {
    expect(line({ action: 'renamed', actorId: alice.id, title: 'Trip' }, alice.id)).toBe(
      'You renamed the group to “Trip”',
    );
    expect(
      line({ action: 'role_changed', actorId: alice.id, userIds: [bob.id], role: 'admin' }, bob.id),
    ).toBe('Alice Liddell made you an admin');
    expect(
      line({ action: 'ownership_transferred', actorId: alice.id, userIds: [bob.id] }, bob.id),
    ).toBe('You are now the owner');
  });

  it('reads the same for someone who left, from the names the line recorded', () => {
    const event = {
      action: 'member_removed' as const,
      actorId: alice.id,
      userIds: ['gone'],
      names: { [alice.id]: 'Alice then', gone: 'Gina Gone' },
    };
    expect(line(event, alice.id)).toBe('You removed Gina Gone');
    expect(line(event)).toBe('Alice Liddell removed Gina Gone');
  });

  it('falls back to the server’s text for someone whose name is not known', () => {
    expect(line({ action: 'members_added', actorId: alice.id, userIds: ['gone'] })).toBe(
      'the server’s text',
    );
  });

  it('lists names in English', () => {
    expect(listOf(['Bob'])).toBe('Bob');
    expect(listOf(['Bob', 'Carol', 'Dave'])).toBe('Bob, Carol and Dave');
  });
});
