import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { AuditEventDto } from '../../../core/api/model';
import { admin, bob } from './admin.testing';
import { AuditStore } from './audit.store';
import { describeAuditEvent } from './audit-text';

const event = (id: string, over: Partial<AuditEventDto> = {}): AuditEventDto => ({
  id,
  at: '2026-12-07T10:00:00.000Z',
  actorId: admin.id,
  action: 'user.deactivated',
  targetId: bob.id,
  details: { username: 'bob', via: 'api' },
  ...over,
});

describe('AuditStore', () => {
  let store: AuditStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(AuditStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const page = () => http.expectOne((r) => r.method === 'GET' && r.url === '/api/v1/admin/audit');

  it('filters by action and person, pages with the cursor, and names each actor once', () => {
    store.setFilter({ action: 'user.deactivated', actor: admin });
    const first = page();
    expect(first.request.params.get('action')).toBe('user.deactivated');
    expect(first.request.params.get('actorId')).toBe(admin.id);
    first.flush({ items: [event('e2')], nextCursor: 'c1' });
    expect(store.people().get(admin.id)).toEqual(admin);

    store.loadMore();
    const second = page();
    expect(second.request.params.get('cursor')).toBe('c1');
    expect(second.request.params.get('action')).toBe('user.deactivated');
    second.flush({ items: [event('e1')], nextCursor: null });
    expect(store.events().map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(store.hasMore()).toBe(false);
    // The actor was known from the filter: nobody was looked up.
    http.expectNone((r) => r.url.startsWith('/api/v1/users/'));
  });

  it('looks up actors it does not know, once each, and names them in the lines', () => {
    store.reload();
    page().flush({
      items: [event('e2'), event('e1', { action: 'user.reactivated' })],
      nextCursor: null,
    });
    http.expectOne({ method: 'GET', url: `/api/v1/users/${admin.id}` }).flush(admin);

    const lines = store.events().map((e) => describeAuditEvent(e, store.people()));
    expect(lines).toEqual(['Alice Liddell deactivated @bob', 'Alice Liddell reactivated @bob']);
  });

  it('names the command line and a worker apart when no person acted (key rotation)', () => {
    const rotation = (action: AuditEventDto['action'], via: string) =>
      describeAuditEvent(
        event('k', { action, actorId: null, targetId: null, details: { keyId: 'k2', via } }),
        new Map(),
      );
    expect(rotation('keys.rotation.started', 'cli')).toBe(
      'The command line started re-encrypting stored data under the key k2',
    );
    expect(rotation('keys.rotation.started', 'worker')).toBe(
      'A worker started re-encrypting stored data under the key k2',
    );
    expect(rotation('keys.rotation.finished', 'worker')).toBe(
      'Stored data is now under the key k2',
    );
  });

  it('drops a filter, and offers people to filter by', () => {
    store.setFilter({ action: 'invite.created' });
    page().flush({ items: [], nextCursor: null });
    store.setFilter({ action: null });
    expect(page().request.params.has('action')).toBe(false);

    let found: readonly unknown[] = [];
    store.searchPeople('bo').subscribe((people) => (found = people));
    const search = http.expectOne((r) => r.url === '/api/v1/admin/users');
    expect(search.request.params.get('query')).toBe('bo');
    search.flush({ items: [bob], nextCursor: null });
    expect(found).toEqual([bob]);
  });
});

describe('describeAuditEvent', () => {
  const people = new Map([[admin.id, admin]]);

  it('says what happened in a line, for every kind of event', () => {
    const lines = [
      event('a', { action: 'admin.bootstrapped', details: {} }),
      event('b', {
        action: 'user.role_changed',
        details: { username: 'bob', from: 'member', to: 'admin' },
      }),
      event('c', {
        action: 'settings.changed',
        targetId: null,
        details: {
          changes: {
            registrationMode: { from: 'open', to: 'invite' },
            membersCanInvite: { from: false, to: true },
          },
        },
      }),
      event('d', { action: 'invite.created', details: { maxUses: 1 } }),
      event('e', { action: 'invite.created', details: { maxUses: null } }),
      event('f', { action: 'invite.used', actorId: bob.id, details: { userId: bob.id } }),
      event('g', { action: 'invite.revoked', actorId: null, details: { via: 'cli' } }),
      event('h', { action: 'widget.created', details: { name: 'Shop' } }),
      event('i', { action: 'widget.updated', details: { before: {}, after: { name: 'Shoes' } } }),
      event('j', { action: 'widget.deleted', details: { name: 'Shoes' } }),
      event('k', {
        action: 'retention.purged',
        actorId: null,
        targetId: null,
        details: { retentionDays: 30, messages: 1, files: 0, batches: 1, via: 'system' },
      }),
    ].map((e) => describeAuditEvent(e, people));

    expect(lines).toEqual([
      'Alice Liddell became the first admin',
      'Alice Liddell changed @bob’s role from member to admin',
      'Alice Liddell changed registration: open → invite; members may invite: off → on',
      'Alice Liddell created an invite for one person',
      'Alice Liddell created an invite with no use limit',
      'User 0b0b0b0b joined with an invite',
      'The command line revoked an invite',
      'Alice Liddell created the widget “Shop”',
      'Alice Liddell changed the widget “Shoes”',
      'Alice Liddell deleted the widget “Shoes”',
      'Retention deleted 1 message older than 30 days and 0 files',
    ]);
  });
});
