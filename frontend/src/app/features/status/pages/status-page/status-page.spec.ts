import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { StatusPage } from './status-page';

describe('StatusPage', () => {
  let fixture: ComponentFixture<StatusPage>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [StatusPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(StatusPage);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const statusText = () => element.querySelector('[data-testid="health-status"]')?.textContent;
  const retryButton = () =>
    Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.includes('Retry'));

  it('shows a spinner while the check is running', () => {
    expect(element.querySelector('mat-progress-spinner')).not.toBeNull();
    expect(element.textContent).toContain('Checking the API');
    expect(statusText()).toBeUndefined();
    http.expectOne('/health');
  });

  it('shows the status the API reports', async () => {
    http.expectOne('/health').flush({ status: 'ok', details: {} });
    await fixture.whenStable();

    expect(statusText()).toBe('API status: ok');
    expect(element.querySelector('mat-icon')?.getAttribute('data-mat-icon-name')).toBe(
      'check_circle',
    );
    expect(element.querySelector('mat-progress-spinner')).toBeNull();
    expect(retryButton()).toBeUndefined();
  });

  it('shows the error with a Retry button that checks again', async () => {
    http.expectOne('/health').flush(null, { status: 500, statusText: 'Internal Server Error' });
    await fixture.whenStable();

    expect(element.textContent).toContain('The API answered with HTTP 500.');
    expect(statusText()).toBeUndefined();

    const retry = retryButton();
    expect(retry).toBeDefined();
    retry?.click();
    await fixture.whenStable();
    expect(element.querySelector('mat-progress-spinner')).not.toBeNull();

    http.expectOne('/health').flush({ status: 'ok', details: {} });
    await fixture.whenStable();
    expect(statusText()).toBe('API status: ok');
  });
});
