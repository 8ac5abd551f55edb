import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { UserDto } from '../../../core/api/model';
import { admin, bob, carol } from './admin.testing';
import { AdminPeopleStore } from './people.store';

describe('AdminPeopleStore', () => {
  let store: AdminPeopleStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(AdminPeopleStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const list = () => http.expectOne((r) => r.method === 'GET' && r.url === '/api/v1/admin/users');

  it('searches by prefix and pages on with the cursor ("load more")', () => {
    store.search('  b ');
    const first = list();
    expect(first.request.params.get('query')).toBe('b');
    expect(first.request.params.get('cursor')).toBeNull();
    first.flush({ items: [bob], nextCursor: 'after-bob' });
    expect(store.people()).toEqual([bob]);
    expect(store.hasMore()).toBe(true);

    store.loadMore();
    const second = list();
    expect(second.request.params.get('cursor')).toBe('after-bob');
    expect(second.request.params.get('query')).toBe('b');
    second.flush({ items: [carol], nextCursor: null });
    expect(store.people()).toEqual([bob, carol]);
    expect(store.hasMore()).toBe(false);
    expect(store.loaded()).toBe(true);
  });

  it('lists everyone for an empty query, and a newer search wins over a slower older one', () => {
    store.search('al');
    const stale = list();
    store.search('');
    const fresh = http.match((r) => r.url === '/api/v1/admin/users').at(-1)!;
    expect(fresh.request.params.has('query')).toBe(false);
    expect(stale.cancelled).toBe(true);
    fresh.flush({ items: [admin, bob], nextCursor: null });
    expect(store.people()).toEqual([admin, bob]);
  });

  it('says why a page could not be loaded', () => {
    store.search('');
    list().flush(null, { status: 503, statusText: 'Unavailable' });
    expect(store.error()).toBe('Something went wrong. Try again in a moment.');
    expect(store.people()).toEqual([]);
  });

  it('changes a role and shows the server’s answer, marking the person busy meanwhile', () => {
    store.search('');
    list().flush({ items: [admin, bob], nextCursor: null });

    let updated: UserDto | undefined;
    store.update(bob, { serverRole: 'admin' }).subscribe((u) => (updated = u));
    expect(store.saving().has(bob.id)).toBe(true);
    const patch = http.expectOne({ method: 'PATCH', url: `/api/v1/admin/users/${bob.id}` });
    expect(patch.request.body).toEqual({ serverRole: 'admin' });
    patch.flush({ ...bob, serverRole: 'admin' });

    expect(updated?.serverRole).toBe('admin');
    expect(store.people()).toEqual([admin, { ...bob, serverRole: 'admin' }]);
    expect(store.saving().has(bob.id)).toBe(false);
  });

  it('leaves the list as it was when a change is refused (409 for the last admin)', () => {
    store.search('');
    list().flush({ items: [admin], nextCursor: null });

    let failed = false;
    store.update(admin, { deactivated: true }).subscribe({ error: () => (failed = true) });
    http
      .expectOne(`/api/v1/admin/users/${admin.id}`)
      .flush(
        { statusCode: 409, message: 'the last active admin cannot demote or deactivate themself' },
        { status: 409, statusText: 'Conflict' },
      );
    expect(failed).toBe(true);
    expect(store.people()).toEqual([admin]);
    expect(store.saving().size).toBe(0);
  });
});
