import { HttpErrorResponse } from '@angular/common/http';
import {
  computed,
  DestroyRef,
  DOCUMENT,
  effect,
  EnvironmentProviders,
  inject,
  Injectable,
  provideAppInitializer,
  signal,
} from '@angular/core';
import { Router } from '@angular/router';
import {
  catchError,
  defer,
  finalize,
  lastValueFrom,
  map,
  Observable,
  of,
  shareReplay,
  tap,
  throwError,
} from 'rxjs';

// Not from the `../api` barrel: it would make every SDK service part of the initial bundle.
import { AuthService } from '../api/auth/auth.service';
import { UsersService } from '../api/users/users.service';
import {
  AuthResponseDto,
  DeleteAccountDto,
  LoginDto,
  RegisterDto,
  UpdateProfileDto,
  UserDto,
} from '../api/model';

/**
 * What survives a reload; the user is a snapshot so the shell renders before `getMe()` answers.
 * The refresh token is not here: the server keeps it in an HttpOnly cookie that script cannot
 * read. `legacyRefreshToken` is one stored by an older version, moved into the cookie at the
 * next refresh.
 */
interface Session {
  readonly accessToken: string;
  readonly user: UserDto;
  readonly legacyRefreshToken?: string;
}

export const SESSION_STORAGE_KEY = 'chat.session';
/** Renew this long before the access token's expiry. */
const REFRESH_AHEAD_MS = 60_000;
/** A token already (nearly) expired is renewed soon, but never in a tight loop. */
const MIN_REFRESH_DELAY_MS = 5_000;
const REFRESH_LOCK = 'chat.session.refresh';

/** The signed-in user and their tokens, kept in localStorage so a reload stays signed in. */
/** The password was right and a two-factor code is needed to finish signing in. */
export class TwoFactorRequired extends Error {
  constructor(readonly challengeToken: string) {
    super('a two-factor code is needed to finish signing in');
  }
}

@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly authApi = inject(AuthService);
  private readonly usersApi = inject(UsersService);
  private readonly router = inject(Router);
  private readonly window = inject(DOCUMENT).defaultView;

  private readonly session = signal<Session | null>(this.read() ?? null);
  private refreshing: Observable<string> | null = null;
  /** An account deletion is under way (see `deleteAccount`). */
  private leaving = false;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly isSignedIn = computed(() => this.session() !== null);
  readonly accessToken = computed(() => this.session()?.accessToken ?? null);

  constructor() {
    // Tabs share one session: follow their sign-ins, sign-outs and token rotations.
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_STORAGE_KEY && event.key !== null) return;
      const wasSignedIn = this.isSignedIn();
      this.session.set(this.read() ?? null);
      if (wasSignedIn && !this.isSignedIn()) void this.router.navigate(['/sign-in']);
    };
    this.window?.addEventListener('storage', onStorage);
    inject(DestroyRef).onDestroy(() => this.window?.removeEventListener('storage', onStorage));

    // Renew the access token before it expires, so calls and the socket's next handshake never
    // meet an expired one (the server closes a socket when its token expires).
    effect((onCleanup) => {
      const token = this.accessToken();
      const expiresAt = token === null ? null : expiryOf(token);
      if (token === null || expiresAt === null) return;
      const delay = Math.max(expiresAt - Date.now() - REFRESH_AHEAD_MS, MIN_REFRESH_DELAY_MS);
      const timer = setTimeout(() => {
        // Offline or refused: the next call's 401 (or the socket's handshake) tries again.
        this.refreshAccessToken(token).subscribe({ error: () => undefined });
      }, delay);
      onCleanup(() => clearTimeout(timer));
    });
  }

  /** Refreshes the stored user snapshot; a rejected session is ended by the refresh logic. */
  restore(): void {
    if (!this.isSignedIn()) return;
    this.usersApi.getMe().subscribe({
      next: (user) => this.setUser(user),
      // Offline or a server error: keep the session and the snapshot, the next call may work.
      error: () => undefined,
    });
  }

  register(body: RegisterDto): Observable<UserDto> {
    return this.authApi
      .register({ ...body, refreshTokenTransport: 'cookie' })
      .pipe(map((response) => this.start(response)));
  }

  /**
   * Signs in; with two-factor on, the observable fails with `TwoFactorRequired`, whose
   * challenge token goes with the code to POST /auth/login/2fa.
   */
  login(body: LoginDto): Observable<UserDto> {
    return this.authApi.login({ ...body, refreshTokenTransport: 'cookie' }).pipe(
      map((response) => {
        if ('twoFactorRequired' in response) throw new TwoFactorRequired(response.challengeToken);
        return this.start(response);
      }),
    );
  }

  /** The second step of a sign-in with two-factor on: a code or a recovery code. */
  loginTwoFactor(challengeToken: string, code: string): Observable<UserDto> {
    return this.authApi
      .loginTwoFactor({ challengeToken, code, refreshTokenTransport: 'cookie' })
      .pipe(map((response) => this.start(response)));
  }

  /** Single sign-on's last step: the server set the refresh cookie; trade it for a session. */
  resumeFromCookie(): Observable<UserDto> {
    return this.authApi.refresh({}).pipe(map((response) => this.start(response)));
  }

  updateProfile(body: UpdateProfileDto): Observable<UserDto> {
    return this.usersApi.updateMe(body).pipe(tap((user) => this.setUser(user)));
  }

  /** A new profile photo: the server crops it square and serves it from its own path. */
  uploadAvatar(file: File): Observable<UserDto> {
    return this.usersApi.uploadAvatar({ file }).pipe(tap((user) => this.setUser(user)));
  }

  /** Signs out here at once; revoking the session on the server is best effort. */
  logout(): void {
    const session = this.session();
    this.clear();
    if (session) {
      const legacy = session.legacyRefreshToken;
      this.authApi.logout(legacy ? { refreshToken: legacy } : {}).subscribe({
        // The tokens are gone from this browser either way; the refresh token expires on its own.
        error: () => undefined,
      });
    }
    void this.router.navigate(['/sign-in']);
  }

  /**
   * Deletes the account, then signs out here and the sign-in page says so. The server ends the
   * sessions before it answers, so the socket's or a refresh's 401 may come first: while the
   * request is out, a session the server ends reads as deleted too.
   */
  deleteAccount(body: DeleteAccountDto): Observable<void> {
    return defer(() => {
      this.leaving = true;
      return this.usersApi.deleteMe(body);
    }).pipe(
      tap(() => this.expire('deleted')),
      finalize(() => (this.leaving = false)),
    );
  }

  /**
   * A valid access token to replace `rejected`, which got a 401. Calls made meanwhile share one
   * refresh, and one that failed with an older token just gets the current one. Refresh tokens
   * are single use, so the refresh runs under a lock shared by the tabs: two tabs spending the
   * same token would look like token theft to the server, which then revokes the session.
   */
  refreshAccessToken(rejected: string): Observable<string> {
    const current = this.accessToken();
    if (current === null) return throwError(() => new Error('Signed out'));
    if (current !== rejected) return of(current);
    this.refreshing ??= this.exclusively(() => this.rotate(rejected)).pipe(
      finalize(() => (this.refreshing = null)),
      // Not cancelled with its callers: a token spent on the server must be stored here.
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshing;
  }

  private rotate(rejected: string): Observable<string> {
    // Another tab may have rotated the tokens (or signed out) while this one waited for the lock.
    const read = this.read();
    const stored = read === undefined ? this.session() : read;
    if (stored === null) {
      this.expire();
      return throwError(() => new Error('Signed out'));
    }
    if (stored.accessToken !== rejected) {
      this.session.set(stored);
      return of(stored.accessToken);
    }
    const legacy = stored.legacyRefreshToken;
    const body = legacy ? { refreshToken: legacy, refreshTokenTransport: 'cookie' as const } : {};
    return this.authApi.refresh(body).pipe(
      map((response) => {
        this.start(response);
        return response.accessToken;
      }),
      catchError((error: unknown) => {
        // Only a rejected token ends the session; offline or a server error may pass.
        if (error instanceof HttpErrorResponse && (error.status === 401 || error.status === 400)) {
          this.expire(isDeactivation(error) ? 'deactivated' : undefined);
        }
        return throwError(() => error);
      }),
    );
  }

  private exclusively<T>(work: () => Observable<T>): Observable<T> {
    const locks = this.window?.navigator.locks;
    if (!locks) return defer(work);
    return defer(() => locks.request(REFRESH_LOCK, () => lastValueFrom(work())));
  }

  private start(response: AuthResponseDto): UserDto {
    const { accessToken, user } = response;
    this.write({ accessToken, user });
    return user;
  }

  private setUser(user: UserDto): void {
    const session = this.session();
    if (session?.user.id === user.id) this.write({ ...session, user });
  }

  /**
   * The session was rejected: sign in again, then come back to where the user was. A reason
   * goes to the sign-in page, which says why (an account an admin deactivated).
   */
  private expire(reason: SignOutReason | undefined = this.leaving ? 'deleted' : undefined): void {
    // Already signed out here (the account deleted a moment ago): a 401 that its last calls got
    // on their way has nothing left to end, and must not replace where that sign-out went.
    if (reason === undefined && this.session() === null) return;
    const returnUrl = this.router.url;
    this.clear();
    const comeBack = reason !== 'deleted' && returnUrl !== '/' && !returnUrl.startsWith('/sign-in');
    void this.router.navigate(['/sign-in'], {
      queryParams: {
        ...(comeBack ? { returnUrl } : {}),
        ...(reason ? { reason } : {}),
      },
    });
  }

  private clear(): void {
    this.session.set(null);
    try {
      this.window?.localStorage.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // Storage can be unavailable (privacy modes); the session then lasts for this page only.
    }
  }

  private write(session: Session): void {
    this.session.set(session);
    try {
      this.window?.localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Storage can be unavailable (privacy modes); the session then lasts for this page only.
    }
  }

  /** The stored session: null when there is none, undefined when storage is unavailable. */
  private read(): Session | null | undefined {
    let text: string | null;
    try {
      text = this.window?.localStorage.getItem(SESSION_STORAGE_KEY) ?? null;
    } catch {
      return undefined;
    }
    try {
      return toSession(JSON.parse(text ?? 'null'));
    } catch {
      return null;
    }
  }
}

/** Why the app signed someone out on its own, as the sign-in page's `reason` query parameter. */
/** `deleted`: the person deleted their account here; the sign-in page says it is done. */
export type SignOutReason = 'deactivated' | 'deleted';

/** The refresh answer for an account an admin deactivated: 401 "account deactivated". */
function isDeactivation(error: HttpErrorResponse): boolean {
  const body: unknown = error.error;
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as Record<string, unknown>)['message'] === 'account deactivated'
  );
}

/** When a JWT expires (ms since the epoch), or null if it cannot be read. */
function expiryOf(token: string): number | null {
  try {
    const payload = token.split('.')[1]?.replace(/-/g, '+').replace(/_/g, '/') ?? '';
    const { exp } = JSON.parse(atob(payload)) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** A stored session, including one an older version stored with its refresh token. */
function toSession(value: unknown): Session | null {
  if (typeof value !== 'object' || value === null) return null;
  const { accessToken, refreshToken, legacyRefreshToken, user } = value as Record<string, unknown>;
  if (
    typeof accessToken !== 'string' ||
    typeof user !== 'object' ||
    user === null ||
    typeof (user as Record<string, unknown>)['id'] !== 'string'
  ) {
    return null;
  }
  const legacy = legacyRefreshToken ?? refreshToken;
  return {
    accessToken,
    user: user as UserDto,
    ...(typeof legacy === 'string' ? { legacyRefreshToken: legacy } : {}),
  };
}

/** Loads the stored session's user at startup without holding the first render back. */
export function provideSession(): EnvironmentProviders {
  return provideAppInitializer(() => inject(SessionStore).restore());
}
