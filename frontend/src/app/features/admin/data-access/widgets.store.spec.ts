import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { assistantBot, shopWidget, sizebot } from './admin.testing';
import { AdminWidgetsStore } from './widgets.store';

describe('AdminWidgetsStore', () => {
  let store: AdminWidgetsStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(AdminWidgetsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function load(): void {
    store.load();
    http.expectOne({ method: 'GET', url: '/api/v1/widgets' }).flush([shopWidget]);
    http.expectOne({ method: 'GET', url: '/api/v1/bots' }).flush([sizebot, assistantBot]);
  }

  it('loads the widgets and the bots that may answer on them', () => {
    store.load();
    expect(store.loading()).toBe(true);
    http.expectOne('/api/v1/widgets').flush([shopWidget]);
    expect(store.loaded()).toBe(false);
    http.expectOne('/api/v1/bots').flush([sizebot, assistantBot]);
    expect(store.widgets()).toEqual([shopWidget]);
    expect(store.bots().map((b) => b.username)).toEqual(['sizebot', 'assistant']);
    expect(store.loaded()).toBe(true);
    expect(store.loading()).toBe(false);
  });

  it('says why the widgets could not be loaded, and a retry supersedes the failed load', () => {
    store.load();
    http.expectOne('/api/v1/widgets').error(new ProgressEvent('error'));
    // forkJoin cancelled the bots request when the widgets failed.
    http.expectOne('/api/v1/bots');
    expect(store.error()).toContain('The server cannot be reached');
    expect(store.loading()).toBe(false);
    load();
    expect(store.error()).toBeNull();
    expect(store.widgets()).toHaveLength(1);
  });

  it('creates a widget and lists it', () => {
    load();
    const body = {
      name: 'Shoes',
      botUsername: 'sizebot',
      allowedOrigins: ['https://shoes.example'],
      handoff: true,
    };
    let created: unknown = null;
    store.create(body).subscribe((widget) => (created = widget));
    const post = http.expectOne({ method: 'POST', url: '/api/v1/widgets' });
    expect(post.request.body).toEqual(body);
    const shoes = { ...shopWidget, ...body, id: 'w2', greeting: null };
    post.flush(shoes, { status: 201, statusText: 'Created' });
    expect(created).toEqual(shoes);
    expect(store.widgets().map((w) => w.name)).toEqual(['Shop', 'Shoes']);
  });

  it('saves a change and replaces the widget with what the server answered', () => {
    load();
    store.update(shopWidget.id, { handoff: true }).subscribe();
    const patch = http.expectOne({ method: 'PATCH', url: `/api/v1/widgets/${shopWidget.id}` });
    expect(patch.request.body).toEqual({ handoff: true });
    patch.flush({ ...shopWidget, handoff: true });
    expect(store.widgets()[0].handoff).toBe(true);
  });

  it('deletes: the widget leaves the list; a failed delete keeps it', () => {
    load();
    store.remove(shopWidget).subscribe({ error: () => undefined });
    expect(store.deleting().has(shopWidget.id)).toBe(true);
    http
      .expectOne({ method: 'DELETE', url: `/api/v1/widgets/${shopWidget.id}` })
      .flush({ message: 'nope' }, { status: 500, statusText: 'Server Error' });
    expect(store.widgets()).toHaveLength(1);
    expect(store.deleting().size).toBe(0);

    store.remove(shopWidget).subscribe();
    http
      .expectOne({ method: 'DELETE', url: `/api/v1/widgets/${shopWidget.id}` })
      .flush(null, { status: 204, statusText: 'No Content' });
    expect(store.widgets()).toEqual([]);
  });
});
