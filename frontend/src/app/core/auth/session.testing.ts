// Fixtures for unit tests of anything that depends on the session.
import { AuthResponseDto, UserDto } from '../api/model';
import { SESSION_STORAGE_KEY } from './session.store';

export const alice: UserDto = {
  id: '5f1d7a52-54a4-4d3c-9f55-3d5f9b1a0c11',
  username: 'alice',
  displayName: 'Alice Liddell',
  avatarUrl: null,
  isBot: false,
  serverRole: 'member',
  deactivated: false,
  support: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

/** What the server answers the web client: the refresh token went into an HttpOnly cookie. */
export function authResponse(tokenSuffix = '1', user: UserDto = alice): AuthResponseDto {
  return { user, accessToken: `access-${tokenSuffix}` };
}

/** Signs in "from a previous visit": call before the store is first injected. */
export function storeSession(response: AuthResponseDto = authResponse()): void {
  localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(response));
}

export function storedSession(): unknown {
  return JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? 'null');
}
