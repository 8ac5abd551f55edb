import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

// Not from the `../api` barrel: it would make every SDK service part of this chunk.
import { AuthService } from '../../../core/api/auth/auth.service';
import { AuthProvidersDto } from '../../../core/api/model';

/** The signed-out account pages' calls: forgotten passwords, reset and verification links. */
@Injectable({ providedIn: 'root' })
export class AccountRecovery {
  private readonly authApi = inject(AuthService);

  /** Whether the server mails (and which single sign-on it offers). */
  providers(): Observable<AuthProvidersDto> {
    return this.authApi.getAuthProviders();
  }

  /** Always accepted: the answer never says whether the account exists. */
  forgotPassword(login: string): Observable<void> {
    return this.authApi.forgotPassword({ login });
  }

  /** Ends every session of the account; the person then signs in with the new password. */
  resetPassword(token: string, newPassword: string): Observable<void> {
    return this.authApi.resetPassword({ token, newPassword });
  }

  verifyEmail(token: string): Observable<void> {
    return this.authApi.verifyEmail({ token });
  }
}
