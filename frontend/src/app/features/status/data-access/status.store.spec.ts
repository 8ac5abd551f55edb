import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { HealthCheckResponseDto } from '../../../core/api/model';
import { StatusStore } from './status.store';

const healthy: HealthCheckResponseDto = { status: 'ok', info: {}, error: {}, details: {} };

describe('StatusStore', () => {
  let store: StatusStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(StatusStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('starts idle', () => {
    expect(store.loading()).toBe(false);
    expect(store.result()).toBeNull();
    expect(store.error()).toBeNull();
    expect(store.status()).toBeNull();
  });

  it('loads the status with GET /health through the SDK', () => {
    store.load();
    expect(store.loading()).toBe(true);

    http.expectOne({ method: 'GET', url: '/health' }).flush(healthy);

    expect(store.loading()).toBe(false);
    expect(store.result()).toEqual(healthy);
    expect(store.status()).toBe('ok');
    expect(store.error()).toBeNull();
  });

  it('reports an HTTP error', () => {
    store.load();

    http
      .expectOne({ method: 'GET', url: '/health' })
      .flush(null, { status: 503, statusText: 'Service Unavailable' });

    expect(store.loading()).toBe(false);
    expect(store.result()).toBeNull();
    expect(store.error()).toBe('The API answered with HTTP 503.');
  });

  it('reports an API that cannot be reached', () => {
    store.load();

    http.expectOne('/health').error(new ProgressEvent('error'));

    expect(store.error()).toBe('The API cannot be reached.');
  });

  it('recovers on retry and clears the error', () => {
    store.load();
    http.expectOne('/health').error(new ProgressEvent('error'));

    store.load();
    expect(store.loading()).toBe(true);
    expect(store.error()).toBeNull();
    http.expectOne('/health').flush(healthy);

    expect(store.status()).toBe('ok');
    expect(store.error()).toBeNull();
  });

  it('cancels a request still in flight when retried', () => {
    store.load();
    const first = http.expectOne('/health');

    store.load();
    const second = http.expectOne('/health');

    expect(first.cancelled).toBe(true);
    second.flush(healthy);
    expect(store.status()).toBe('ok');
  });
});
