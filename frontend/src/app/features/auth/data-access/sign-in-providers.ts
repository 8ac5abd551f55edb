import { inject, Injectable } from '@angular/core';
import { catchError, map, Observable, of } from 'rxjs';

// Not from the `../api` barrel: it would make every SDK service part of this chunk.
import { AuthService } from '../../../core/api/auth/auth.service';

/**
 * Where the single sign-on button goes: a full-page navigation the server answers with a
 * redirect to the identity provider (GET /auth/oidc/start), so it is a link, not an SDK call.
 */
export const OIDC_START_URL = '/api/v1/auth/oidc/start';

/** What the sign-in page offers beside the password form. */
@Injectable({ providedIn: 'root' })
export class SignInProviders {
  private readonly authApi = inject(AuthService);

  /** The single sign-on button's label, or null when none is configured (or unknown). */
  singleSignOn(): Observable<string | null> {
    return this.authApi.getAuthProviders().pipe(
      map((providers) => providers.oidc?.label ?? null),
      catchError(() => of(null)),
    );
  }
}
