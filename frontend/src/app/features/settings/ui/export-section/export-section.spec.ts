import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatIconTestingModule } from '@angular/material/icon/testing';

import { SecurityStore } from '../../data-access/security.store';
import { ExportSection } from './export-section';

const URL_EXPORT = '/api/v1/users/me/export';

describe('ExportSection', () => {
  let fixture: ComponentFixture<ExportSection>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [MatIconTestingModule],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    // The page loads the store; here only the export's part of it.
    TestBed.inject(SecurityStore).refreshDataExport().subscribe();
    http.expectOne(URL_EXPORT).flush({ status: 'none', progress: 0, mailed: false });
    fixture = TestBed.createComponent(ExportSection);
    element = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  it('starts an export, shows its progress while polling, then the download link', () => {
    byTestId('export-start')!.click();
    http
      .expectOne({ method: 'POST', url: URL_EXPORT })
      .flush({ status: 'running', progress: 0, mailed: true });
    fixture.detectChanges();
    expect(byTestId('export-running')!.textContent).toContain('0%');
    expect(byTestId('export-running')!.textContent).toContain('email you the link');
    expect(byTestId('export-start')).toBeNull();

    jest.advanceTimersByTime(1_500);
    http
      .expectOne({ method: 'GET', url: URL_EXPORT })
      .flush({ status: 'running', progress: 40, mailed: true });
    fixture.detectChanges();
    expect(byTestId('export-running')!.textContent).toContain('40%');

    jest.advanceTimersByTime(1_500);
    http.expectOne({ method: 'GET', url: URL_EXPORT }).flush({
      status: 'ready',
      progress: 100,
      mailed: true,
      url: '/api/v1/exports/e1/download?token=t',
      expiresAt: '2026-12-08T12:00:00.000Z',
      size: 3 * 1024 * 1024,
    });
    fixture.detectChanges();
    expect(byTestId('export-ready')!.textContent).toContain('3.0 MB');
    expect(byTestId('export-download')!.getAttribute('href')).toBe(
      '/api/v1/exports/e1/download?token=t',
    );
    // Ready: no more polling.
    jest.advanceTimersByTime(5_000);
    http.expectNone(URL_EXPORT);
  });

  it('says no mail is coming without a verified address, and offers a retry after a failure', () => {
    byTestId('export-start')!.click();
    http
      .expectOne({ method: 'POST', url: URL_EXPORT })
      .flush({ status: 'running', progress: 5, mailed: false });
    fixture.detectChanges();
    expect(byTestId('export-running')!.textContent).toContain('No verified email address');
    jest.advanceTimersByTime(1_500);
    http.expectOne(URL_EXPORT).flush({ status: 'failed', progress: 5, mailed: false });
    fixture.detectChanges();
    expect(byTestId('export-failed')).not.toBeNull();
    expect(byTestId('export-start')!.textContent).toContain('Export my data');
  });
});
