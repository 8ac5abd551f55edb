import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { newInvite, openInvite } from './admin.testing';
import { AdminInvitesStore } from './invites.store';

describe('AdminInvitesStore', () => {
  let store: AdminInvitesStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(AdminInvitesStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('loads the open invites', () => {
    store.load();
    expect(store.loading()).toBe(true);
    http.expectOne({ method: 'GET', url: '/api/v1/invites' }).flush([openInvite]);
    expect(store.invites()).toEqual([openInvite]);
    expect(store.loaded()).toBe(true);
    expect(store.loading()).toBe(false);
  });

  it('says why the invites could not be loaded', () => {
    store.load();
    http.expectOne('/api/v1/invites').error(new ProgressEvent('error'));
    expect(store.error()).toContain('The server cannot be reached');
  });

  it('creates an invite, keeps its one-time link, and reloads the list', () => {
    store.create({ maxUses: 5, expiresInHours: 24 }).subscribe();
    const post = http.expectOne({ method: 'POST', url: '/api/v1/invites' });
    expect(post.request.body).toEqual({ maxUses: 5, expiresInHours: 24 });
    post.flush(newInvite, { status: 201, statusText: 'Created' });

    expect(store.created()).toEqual(newInvite);
    http.expectOne('/api/v1/invites').flush([{ ...openInvite, uses: 0 }]);
    expect(store.invites()).toHaveLength(1);

    store.dismissCreated();
    expect(store.created()).toBeNull();
  });

  it('revokes: the invite leaves the list, and its link if it was the new one', () => {
    store.create({ maxUses: 5 }).subscribe();
    http.expectOne({ method: 'POST', url: '/api/v1/invites' }).flush(newInvite);
    http.expectOne({ method: 'GET', url: '/api/v1/invites' }).flush([openInvite]);

    store.revoke(openInvite).subscribe();
    expect(store.revoking().has(openInvite.id)).toBe(true);
    http
      .expectOne({ method: 'DELETE', url: `/api/v1/invites/${openInvite.id}` })
      .flush(null, { status: 204, statusText: 'No Content' });

    expect(store.invites()).toEqual([]);
    expect(store.created()).toBeNull();
    expect(store.revoking().size).toBe(0);
  });
});
