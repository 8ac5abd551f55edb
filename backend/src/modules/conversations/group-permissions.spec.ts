import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { SystemEvent } from '../messages/system-event';
import type { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { UserDto } from '../users/dto/user.dto';
import type { UsersService } from '../users/users.service';
import type { ConversationAccess } from './access/conversation-access.service';
import type { ConversationSummariesService } from './conversation-summaries.service';
import type { ConversationsRepository } from './conversations.repository';
import type { GroupChanges, SystemLine } from './group-changes';
import { GroupLifeService } from './group-life.service';
import type { MemberRole } from './member.entity';
import { MembershipService } from './membership.service';

/*
 * Who may change a conversation, checked on the services with every dependency mocked (the
 * integration suite test/groups.spec.ts proves the same paths against Postgres). A refused
 * change must throw before anything is written: `transaction` is never called.
 */

const CONVERSATION = 'c1';
const CALLER = 'caller';
const OTHER = 'other';

interface World {
  type?: 'group' | 'direct';
  caller?: MemberRole | null;
  target?: MemberRole | null;
}

function setUp({ type = 'group', caller = 'member', target = 'member' }: World = {}) {
  const manager = {};
  const repository = {
    findById: jest.fn().mockResolvedValue({ id: CONVERSATION, type, title: 'old' }),
    findMember: jest.fn().mockResolvedValue(target ? { role: target } : null),
    transaction: jest.fn((work: (m: object) => Promise<unknown>) => work(manager)),
    lock: jest.fn().mockResolvedValue(true),
    rename: jest.fn().mockResolvedValue(undefined),
    setRole: jest.fn().mockResolvedValue(true),
    removeMember: jest.fn().mockResolvedValue(target ?? false),
    memberIds: jest.fn().mockResolvedValue([CALLER]),
    insertMembers: jest.fn().mockResolvedValue(undefined),
    delete: jest.fn().mockResolvedValue(undefined),
    successor: jest.fn<Promise<string | null>, []>().mockResolvedValue(OTHER),
    membersOf: jest.fn().mockResolvedValue([{ userId: CALLER }, { userId: OTHER }]),
  };
  const access = {
    requireMember: jest.fn(() =>
      caller
        ? Promise.resolve({ role: caller })
        : Promise.reject(new NotFoundException('conversation not found')),
    ),
  };
  const summary = { id: CONVERSATION };
  const summaries = {
    summaryFor: jest.fn().mockResolvedValue(summary),
    summariesFor: jest.fn((_id: string, userIds: string[]) =>
      Promise.resolve(userIds.map(() => summary)),
    ),
    announceToMembers: jest.fn().mockResolvedValue(summary),
  };
  const changes = {
    people: jest.fn().mockResolvedValue(new Map()),
    record: jest.fn<Promise<SystemLine>, [object, string, Map<string, UserDto>, SystemEvent]>(),
    announceLines: jest.fn().mockResolvedValue(undefined),
    announceRemoval: jest.fn(),
  };
  changes.record.mockResolvedValue({ id: 'line', seq: 7 });
  const users = { requireUsers: jest.fn().mockResolvedValue(undefined) };
  const realtime = { joinConversation: jest.fn(), toUser: jest.fn() };
  const groups = new GroupLifeService(
    repository as unknown as ConversationsRepository,
    users as unknown as UsersService,
    access as unknown as ConversationAccess,
    summaries as unknown as ConversationSummariesService,
    changes as unknown as GroupChanges,
    realtime as unknown as RealtimePublisher,
  );
  const membership = new MembershipService(
    repository as unknown as ConversationsRepository,
    users as unknown as UsersService,
    access as unknown as ConversationAccess,
    summaries as unknown as ConversationSummariesService,
    changes as unknown as GroupChanges,
    groups,
    realtime as unknown as RealtimePublisher,
  );
  return { groups, membership, repository, changes, realtime };
}

const forbidden = (message: string) => new ForbiddenException(message);
const notFound = (message: string) => new NotFoundException(message);

describe('who may change a group', () => {
  describe('rename', () => {
    it.each`
      caller      | type        | refusal
      ${'member'} | ${'group'}  | ${forbidden('only the owner or an admin can do this')}
      ${'admin'}  | ${'direct'} | ${forbidden('only groups can be changed')}
      ${null}     | ${'group'}  | ${notFound('conversation not found')}
    `('refuses a $caller in a $type: $refusal.message', async ({ caller, type, refusal }) => {
      const { groups, repository } = setUp({ caller, type });
      await expect(groups.rename(CONVERSATION, CALLER, 'new')).rejects.toEqual(refusal);
      expect(repository.transaction).not.toHaveBeenCalled();
    });

    it.each(['owner', 'admin'] as const)('lets the %s rename, with a line', async (caller) => {
      const { groups, repository, changes } = setUp({ caller });
      await groups.rename(CONVERSATION, CALLER, 'new');
      expect(repository.rename).toHaveBeenCalledWith({}, CONVERSATION, 'new');
      expect(changes.announceLines).toHaveBeenCalledWith([{ id: 'line', seq: 7 }]);
    });
  });

  describe('add members', () => {
    it.each`
      caller      | type        | refusal
      ${'member'} | ${'group'}  | ${forbidden('only the owner or an admin can do this')}
      ${'owner'}  | ${'direct'} | ${forbidden('only groups can be changed')}
    `('refuses a $caller in a $type', async ({ caller, type, refusal }) => {
      const { membership, repository } = setUp({ caller, type });
      await expect(membership.addMembers(CONVERSATION, CALLER, [OTHER])).rejects.toEqual(refusal);
      expect(repository.transaction).not.toHaveBeenCalled();
    });

    it('lets an admin add people, who join the room and get the summary', async () => {
      const { membership, repository, realtime } = setUp({ caller: 'admin' });
      await membership.addMembers(CONVERSATION, CALLER, [OTHER]);
      expect(repository.insertMembers).toHaveBeenCalledWith({}, CONVERSATION, [OTHER], 6);
      expect(realtime.joinConversation).toHaveBeenCalledWith(OTHER, CONVERSATION);
      expect(realtime.toUser).toHaveBeenCalledTimes(1);
    });
  });

  describe('remove a member', () => {
    it.each`
      caller      | target      | type        | refusal
      ${'member'} | ${'member'} | ${'group'}  | ${forbidden('only the owner or an admin can remove members')}
      ${'admin'}  | ${'owner'}  | ${'group'}  | ${forbidden('the owner cannot be removed')}
      ${'member'} | ${'owner'}  | ${'group'}  | ${forbidden('the owner cannot be removed')}
      ${'owner'}  | ${null}     | ${'group'}  | ${notFound('member not found')}
      ${'owner'}  | ${'member'} | ${'direct'} | ${forbidden('direct conversations have fixed members')}
    `(
      'refuses a $caller removing a $target in a $type',
      async ({ caller, target, type, refusal }) => {
        const { membership, repository } = setUp({ caller, target, type });
        await expect(membership.removeMember(CONVERSATION, CALLER, OTHER)).rejects.toEqual(refusal);
        expect(repository.transaction).not.toHaveBeenCalled();
      },
    );

    it.each`
      caller     | target
      ${'owner'} | ${'admin'}
      ${'admin'} | ${'admin'}
      ${'admin'} | ${'member'}
    `('lets the $caller remove a $target', async ({ caller, target }) => {
      const { membership, repository, changes } = setUp({ caller, target });
      await membership.removeMember(CONVERSATION, CALLER, OTHER);
      expect(repository.removeMember).toHaveBeenCalledWith({}, CONVERSATION, OTHER);
      expect(changes.announceRemoval).toHaveBeenCalledWith(CONVERSATION, OTHER);
    });

    it.each(['member', 'admin', 'owner'] as const)(
      'lets a %s remove themselves: they leave',
      async (caller) => {
        const { membership, groups } = setUp({ caller, target: caller });
        const leave = jest.spyOn(groups, 'leave').mockResolvedValue();
        await membership.removeMember(CONVERSATION, CALLER, CALLER);
        // A group ends when its last member leaves (a channel would stay: `false` here).
        expect(leave).toHaveBeenCalledWith(CONVERSATION, CALLER, caller, false);
      },
    );
  });

  describe('change a role', () => {
    it.each`
      caller      | target      | type        | refusal
      ${'admin'}  | ${'member'} | ${'group'}  | ${forbidden('only the owner can change roles')}
      ${'member'} | ${'member'} | ${'group'}  | ${forbidden('only the owner can change roles')}
      ${'owner'}  | ${'owner'}  | ${'group'}  | ${forbidden("the owner's role cannot change")}
      ${'owner'}  | ${null}     | ${'group'}  | ${notFound('member not found')}
      ${'owner'}  | ${'member'} | ${'direct'} | ${forbidden('direct conversations have no roles')}
    `(
      'refuses a $caller changing a $target in a $type',
      async ({ caller, target, type, refusal }) => {
        const { groups, repository } = setUp({ caller, target, type });
        await expect(groups.changeRole(CONVERSATION, CALLER, OTHER, 'admin')).rejects.toEqual(
          refusal,
        );
        expect(repository.transaction).not.toHaveBeenCalled();
      },
    );

    it('lets the owner make a member an admin, and skips a role that is already set', async () => {
      const { groups, repository } = setUp({ caller: 'owner', target: 'member' });
      await groups.changeRole(CONVERSATION, CALLER, OTHER, 'admin');
      expect(repository.setRole).toHaveBeenCalledWith({}, CONVERSATION, OTHER, 'admin');
      await groups.changeRole(CONVERSATION, CALLER, OTHER, 'member');
      expect(repository.transaction).toHaveBeenCalledTimes(1);
    });
  });

  describe('delete the group', () => {
    it.each`
      caller      | type        | refusal
      ${'admin'}  | ${'group'}  | ${forbidden('only the owner can delete a group')}
      ${'member'} | ${'group'}  | ${forbidden('only the owner can delete a group')}
      ${'owner'}  | ${'direct'} | ${forbidden('direct conversations cannot be deleted')}
    `('refuses a $caller in a $type', async ({ caller, type, refusal }) => {
      const { groups, repository } = setUp({ caller, type });
      await expect(groups.deleteGroup(CONVERSATION, CALLER)).rejects.toEqual(refusal);
      expect(repository.transaction).not.toHaveBeenCalled();
    });

    it('lets the owner end it, telling every member', async () => {
      const { groups, repository, changes } = setUp({ caller: 'owner' });
      repository.memberIds.mockResolvedValue([CALLER, OTHER]);
      await groups.deleteGroup(CONVERSATION, CALLER);
      expect(repository.delete).toHaveBeenCalledWith({}, CONVERSATION);
      expect(changes.announceRemoval.mock.calls).toEqual([
        [CONVERSATION, CALLER],
        [CONVERSATION, OTHER],
      ]);
    });
  });

  describe('leave', () => {
    it('hands an owner’s group to the successor, with two lines', async () => {
      const { groups, repository, changes } = setUp({ caller: 'owner', target: 'owner' });
      await groups.leave(CONVERSATION, CALLER, 'owner');
      expect(repository.setRole).toHaveBeenCalledWith({}, CONVERSATION, OTHER, 'owner');
      expect(changes.record.mock.calls.map(([, , , event]) => event.action)).toEqual([
        'member_left',
        'ownership_transferred',
      ]);
      expect(changes.announceRemoval).toHaveBeenCalledWith(CONVERSATION, CALLER);
    });

    it('ends the group when nobody is left', async () => {
      const { groups, repository, changes } = setUp({ caller: 'owner', target: 'owner' });
      repository.successor.mockResolvedValue(null);
      await groups.leave(CONVERSATION, CALLER, 'owner');
      expect(repository.delete).toHaveBeenCalledWith({}, CONVERSATION);
      expect(changes.record).not.toHaveBeenCalled();
    });
  });
});
