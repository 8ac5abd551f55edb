import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';

import { OidcLinkDto } from '../../../../core/api/model';
import { alice } from '../../../../core/auth/session.testing';
import { SecurityStore } from '../../data-access/security.store';
import { LinkedSignInSection } from './linked-sign-in-section';

const link = (changes: Partial<OidcLinkDto> = {}): OidcLinkDto => ({
  label: 'Acme ID',
  linked: false,
  email: null,
  linkedAt: null,
  hasPassword: true,
  ...changes,
});

describe('LinkedSignInSection', () => {
  let http: HttpTestingController;
  const assign = jest.fn();

  function render(sso: OidcLinkDto | null, outcome: string | null = null) {
    TestBed.configureTestingModule({
      imports: [LinkedSignInSection],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        // The real document, but a location whose navigation the test can see (jsdom has none).
        {
          provide: DOCUMENT,
          useValue: new Proxy(document, {
            get: (target, key) => {
              if (key === 'location') return { assign };
              const value: unknown = Reflect.get(target, key, target);
              return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
            },
          }),
        },
        {
          provide: ActivatedRoute,
          useValue: {
            snapshot: { queryParamMap: convertToParamMap(outcome ? { sso: outcome } : {}) },
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(SecurityStore).load();
    http.expectOne('/api/v1/users/me').flush({ ...alice, email: null, emailVerified: false });
    http.expectOne({ method: 'GET', url: '/api/v1/auth/sessions' }).flush([]);
    http.expectOne({ method: 'GET', url: '/api/v1/auth/2fa' }).flush({ enabled: false });
    http
      .expectOne('/api/v1/auth/providers')
      .flush({ mail: true, oidc: sso ? { label: sso.label } : null });
    http
      .expectOne({ method: 'GET', url: '/api/v1/users/me/export' })
      .flush({ status: 'none', progress: 0, mailed: true });
    if (sso) http.expectOne({ method: 'GET', url: '/api/v1/auth/oidc/link' }).flush(sso);
    const fixture = TestBed.createComponent(LinkedSignInSection);
    fixture.detectChanges();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const byTestId = (element: HTMLElement, id: string) =>
    element.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  afterEach(() => http.verify());

  it('is not there when the server has no single sign-on', () => {
    const { element } = render(null);
    expect(byTestId(element, 'linked-sign-in')).toBeNull();
  });

  it('links: asks the server for the provider’s address and sends the browser there', () => {
    const { element } = render(link());
    byTestId(element, 'sso-link')!.click();
    http
      .expectOne({ method: 'POST', url: '/api/v1/auth/oidc/link' })
      .flush({ url: 'https://id.acme.example/auth?state=s' });
    expect(assign).toHaveBeenCalledWith('https://id.acme.example/auth?state=s');
  });

  it('says what the provider’s redirect back meant, and unlinks while a password remains', () => {
    const { fixture, element } = render(
      link({ linked: true, email: 'alice@acme.example', linkedAt: '2026-12-01T00:00:00Z' }),
      'linked',
    );
    expect(byTestId(element, 'sso-outcome')?.textContent).toContain('Linked: you can now sign in');
    expect(byTestId(element, 'sso-linked')?.textContent).toContain('alice@acme.example');
    byTestId(element, 'sso-unlink')!.click();
    http.expectOne({ method: 'DELETE', url: '/api/v1/auth/oidc/link' }).flush(null);
    fixture.detectChanges();
    expect(byTestId(element, 'sso-link')).not.toBeNull();
  });

  it('offers no unlink to an account without a password', () => {
    const { element } = render(link({ linked: true, hasPassword: false }), 'already-linked');
    expect(byTestId(element, 'sso-unlink')).toBeNull();
    expect(element.textContent).toContain('is its only way in');
    expect(byTestId(element, 'sso-outcome')?.textContent).toContain('already linked to another');
  });
});
