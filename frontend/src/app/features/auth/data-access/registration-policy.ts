import { inject, Injectable } from '@angular/core';
import { catchError, forkJoin, map, Observable, of } from 'rxjs';

// Not from the `../api` barrel: it would make every SDK service part of this chunk.
import { AuthService } from '../../../core/api/auth/auth.service';
import { RegistrationMode } from '../../../core/api/model';

/** What the sign-up page may offer, known before anyone types. */
export type RegistrationPolicy =
  | { readonly kind: 'loading' }
  /** Anyone may register. */
  | { readonly kind: 'open'; readonly workspaceName: string }
  /** The link's invite works: register with it. */
  | { readonly kind: 'invited'; readonly workspaceName: string }
  /** Invite-only, and no invite came with the visit. */
  | { readonly kind: 'invite-needed'; readonly workspaceName: string }
  /** The link's invite does not work; `open` when one may register without it anyway. */
  | { readonly kind: 'invite-invalid'; readonly workspaceName: string; readonly open: boolean }
  | { readonly kind: 'closed'; readonly workspaceName: string }
  /** The server could not say: the form is shown and the server's answer explains a refusal. */
  | { readonly kind: 'unknown' };

/** Reads the registration mode, and checks an invite link's token, for the sign-up page. */
@Injectable({ providedIn: 'root' })
export class RegistrationPolicies {
  private readonly authApi = inject(AuthService);

  load(inviteToken: string | undefined): Observable<RegistrationPolicy> {
    return forkJoin({
      registration: this.authApi.getRegistration(),
      invite: inviteToken ? this.authApi.checkInvite(encodeURIComponent(inviteToken)) : of(null),
    }).pipe(
      map(({ registration: { mode, workspaceName }, invite }): RegistrationPolicy => {
        if (mode === RegistrationMode.closed) return { kind: 'closed', workspaceName };
        if (invite !== null) {
          return invite.valid
            ? { kind: 'invited', workspaceName }
            : { kind: 'invite-invalid', workspaceName, open: mode === RegistrationMode.open };
        }
        return mode === RegistrationMode.invite
          ? { kind: 'invite-needed', workspaceName }
          : { kind: 'open', workspaceName };
      }),
      catchError(() => of<RegistrationPolicy>({ kind: 'unknown' })),
    );
  }
}

/**
 * The policy a registration's 403 reveals (the mode changed, or the invite was used up, since
 * the page loaded); null when the refusal says nothing about it.
 */
export function policyFromRefusal(
  message: string | undefined,
  current: RegistrationPolicy,
): RegistrationPolicy | null {
  const workspaceName = 'workspaceName' in current ? current.workspaceName : 'this workspace';
  if (message === 'registration is closed') return { kind: 'closed', workspaceName };
  if (message === 'an invite is required to register') {
    return { kind: 'invite-needed', workspaceName };
  }
  if (message?.startsWith('this invite is not valid')) {
    return { kind: 'invite-invalid', workspaceName, open: false };
  }
  return null;
}
