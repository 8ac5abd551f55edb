import type { SystemEvent } from '../messages/system-event';
import { describeSystemEvent } from './system-lines';

const names: Record<string, string> = { a: 'alice', b: 'bob', c: 'carol', d: 'dave', e: 'erin' };
const nameOf = (id: string) => names[id];

describe('describeSystemEvent', () => {
  it.each([
    [
      { action: 'created', actorId: 'a', title: 'Trip', userIds: ['b'] },
      'alice created the group “Trip” with bob',
    ],
    [{ action: 'renamed', actorId: 'a', title: 'Trip' }, 'alice renamed the group to “Trip”'],
    [{ action: 'members_added', actorId: 'a', userIds: ['b', 'c'] }, 'alice added bob and carol'],
    [
      { action: 'members_added', actorId: 'a', userIds: ['b', 'c', 'd'] },
      'alice added bob, carol and dave',
    ],
    [
      { action: 'members_added', actorId: 'a', userIds: ['b', 'c', 'd', 'e'] },
      'alice added bob, carol, dave and 1 other',
    ],
    [{ action: 'member_removed', actorId: 'a', userIds: ['b'] }, 'alice removed bob'],
    [{ action: 'member_left', actorId: 'a' }, 'alice left'],
    [
      { action: 'role_changed', actorId: 'a', userIds: ['b'], role: 'admin' },
      'alice made bob an admin',
    ],
    [
      { action: 'role_changed', actorId: 'a', userIds: ['b'], role: 'member' },
      'alice made bob a member',
    ],
    [{ action: 'ownership_transferred', actorId: 'a', userIds: ['b'] }, 'bob is now the owner'],
  ] as [SystemEvent, string][])('%j reads "%s"', (event, line) => {
    expect(describeSystemEvent(event, nameOf)).toBe(line);
  });
});
