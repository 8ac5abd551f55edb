import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { settings } from './admin.testing';
import { WorkspaceSettingsStore } from './workspace-settings.store';

describe('WorkspaceSettingsStore', () => {
  let store: WorkspaceSettingsStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(WorkspaceSettingsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('loads the settings, and keeps what the server answers a change with', () => {
    store.load();
    http.expectOne({ method: 'GET', url: '/api/v1/admin/settings' }).flush(settings);
    expect(store.settings()).toEqual(settings);

    store.save({ registrationMode: 'invite' }).subscribe();
    const patch = http.expectOne({ method: 'PATCH', url: '/api/v1/admin/settings' });
    expect(patch.request.body).toEqual({ registrationMode: 'invite' });
    patch.flush({ ...settings, registrationMode: 'invite' });
    expect(store.settings()?.registrationMode).toBe('invite');
  });

  it('says when only admins may read them (403)', () => {
    store.load();
    http
      .expectOne('/api/v1/admin/settings')
      .flush(
        { statusCode: 403, message: 'only workspace admins may do this' },
        { status: 403, statusText: 'Forbidden' },
      );
    expect(store.error()).toBe('Only workspace admins may do this.');
    expect(store.settings()).toBeNull();
  });
});
