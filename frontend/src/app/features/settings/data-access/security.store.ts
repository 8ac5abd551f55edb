import { inject, Injectable, signal } from '@angular/core';
import { forkJoin, map, Observable, tap } from 'rxjs';

// Not from the `../api` barrel: it would pull every SDK service into this chunk.
import { AuthService } from '../../../core/api/auth/auth.service';
import {
  DataExportDto,
  MeDto,
  OidcLinkDto,
  SessionDto,
  TwoFactorSetupDto,
} from '../../../core/api/model';
import { UsersService } from '../../../core/api/users/users.service';
import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';

/**
 * The security page's state: the account's email, its sessions, two-factor, mail on or off,
 * and the latest data export.
 */
@Injectable({ providedIn: 'root' })
export class SecurityStore {
  private readonly authApi = inject(AuthService);
  private readonly usersApi = inject(UsersService);

  private readonly _me = signal<MeDto | null>(null);
  private readonly _sessions = signal<readonly SessionDto[]>([]);
  private readonly _twoFactorEnabled = signal(false);
  private readonly _mailEnabled = signal(true);
  private readonly _ssoLink = signal<OidcLinkDto | null>(null);
  private readonly _dataExport = signal<DataExportDto | null>(null);
  private readonly _loading = signal(false);
  private readonly _loaded = signal(false);
  private readonly _error = signal<string | null>(null);

  readonly me = this._me.asReadonly();
  /** The current session first, then the most recently used. */
  readonly sessions = this._sessions.asReadonly();
  readonly twoFactorEnabled = this._twoFactorEnabled.asReadonly();
  /** Whether the server sends mail: without it a new address gets no verification link. */
  readonly mailEnabled = this._mailEnabled.asReadonly();
  /** The account's link to the single sign-on provider; null when none is configured. */
  readonly ssoLink = this._ssoLink.asReadonly();
  /** Where the latest "export my data" stands (status `none` before the first). */
  readonly dataExport = this._dataExport.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly loaded = this._loaded.asReadonly();
  readonly error = this._error.asReadonly();

  load(): void {
    this._loading.set(true);
    this._error.set(null);
    forkJoin({
      me: this.usersApi.getMe(),
      sessions: this.authApi.listSessions(),
      twoFactor: this.authApi.getTwoFactorStatus(),
      providers: this.authApi.getAuthProviders(),
      dataExport: this.usersApi.getDataExport(),
    }).subscribe({
      next: ({ me, sessions, twoFactor, providers, dataExport }) => {
        if (providers.oidc) this.loadSsoLink();
        this._me.set(me);
        this._sessions.set(ordered(sessions));
        this._twoFactorEnabled.set(twoFactor.enabled);
        this._mailEnabled.set(providers.mail);
        this._dataExport.set(dataExport);
        this._loaded.set(true);
        this._loading.set(false);
      },
      error: (error: unknown) => {
        this._error.set(describeApiProblem(readApiProblem(error)));
        this._loading.set(false);
      },
    });
  }

  changePassword(
    currentPassword: string,
    newPassword: string,
    signOutOtherSessions: boolean,
  ): Observable<void> {
    return this.authApi
      .changePassword({ currentPassword, newPassword, signOutOtherSessions })
      .pipe(tap(() => signOutOtherSessions && this.keepOnlyCurrentSession()));
  }

  /** Stores the address unverified; the server mails it a link (when it sends mail). */
  changeEmail(email: string | null): Observable<MeDto> {
    return this.usersApi.updateMe({ email }).pipe(tap((me) => this._me.set(me)));
  }

  /** Asks for a new verification link; the server answers alike whether it mailed one. */
  resendVerification(): Observable<void> {
    return this.authApi.resendVerification();
  }

  endSession(id: string): Observable<void> {
    return this.authApi
      .endSession(id)
      .pipe(tap(() => this._sessions.update((list) => list.filter((s) => s.id !== id))));
  }

  endOtherSessions(): Observable<void> {
    return this.authApi.endOtherSessions().pipe(tap(() => this.keepOnlyCurrentSession()));
  }

  /** A new secret to scan; nothing changes for sign-in until `enableTwoFactor`. */
  setupTwoFactor(): Observable<TwoFactorSetupDto> {
    return this.authApi.setupTwoFactor();
  }

  /** Turns two-factor on; the recovery codes, shown this once. */
  enableTwoFactor(code: string): Observable<readonly string[]> {
    return this.authApi.enableTwoFactor({ code }).pipe(
      map(({ recoveryCodes }) => recoveryCodes),
      tap(() => this._twoFactorEnabled.set(true)),
    );
  }

  disableTwoFactor(password: string, code: string): Observable<void> {
    return this.authApi
      .disableTwoFactor({ password, code })
      .pipe(tap(() => this._twoFactorEnabled.set(false)));
  }

  /** Where to send the browser to link the account (the provider's sign-in page). */
  startSsoLink(): Observable<string> {
    return this.authApi.startOidcLink().pipe(map(({ url }) => url));
  }

  unlinkSso(): Observable<void> {
    return this.authApi
      .unlinkOidc()
      .pipe(
        tap(() =>
          this._ssoLink.update(
            (link) => link && { ...link, linked: false, email: null, linkedAt: null },
          ),
        ),
      );
  }

  /** Its own call: a provider that is down leaves the rest of the page working. */
  private loadSsoLink(): void {
    this.authApi.getOidcLink().subscribe({
      next: (link) => this._ssoLink.set(link),
      error: () => this._ssoLink.set(null),
    });
  }

  /** Starts building the archive (or answers the one already being built). */
  startDataExport(): Observable<DataExportDto> {
    return this.usersApi.startDataExport().pipe(tap((state) => this._dataExport.set(state)));
  }

  /** Asks again where the export stands (the page polls this while it runs). */
  refreshDataExport(): Observable<DataExportDto> {
    return this.usersApi.getDataExport().pipe(tap((state) => this._dataExport.set(state)));
  }

  private keepOnlyCurrentSession(): void {
    this._sessions.update((list) => list.filter((s) => s.current));
  }
}

function ordered(sessions: readonly SessionDto[]): readonly SessionDto[] {
  return [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt),
  );
}
