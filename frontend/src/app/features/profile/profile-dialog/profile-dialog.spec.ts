import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, Injector } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { provideRouter } from '@angular/router';

import { authInterceptor } from '../../../core/auth/auth.interceptor';
import { SessionStore } from '../../../core/auth/session.store';
import { alice, storeSession } from '../../../core/auth/session.testing';
import { openProfileDialog, ProfileDialog } from './profile-dialog';

@Component({ template: '' })
class Host {}

describe('ProfileDialog', () => {
  let fixture: ComponentFixture<Host>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let dialogRef: MatDialogRef<ProfileDialog>;
  let closed: boolean;

  beforeEach(async () => {
    localStorage.clear();
    storeSession();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Host);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    dialogRef = openProfileDialog(TestBed.inject(Injector));
    closed = false;
    dialogRef.beforeClosed().subscribe(() => (closed = true));
    await fixture.whenStable();
  });

  afterEach(() => {
    dialogRef.close();
    http.verify();
  });

  const dialog = () => document.querySelector('app-profile-dialog') as HTMLElement;
  const input = (testId: string) =>
    loader.getHarness(MatInputHarness.with({ selector: `[data-testid="${testId}"]` }));
  const errorsOf = async (label: string) =>
    (
      await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }))
    ).getTextErrors();
  const save = async () =>
    (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="save"]' }))).click();
  const preview = () => dialog().querySelector('[data-testid="profile-preview"]') as HTMLElement;

  it('starts from the current profile', async () => {
    expect(await (await input('display-name')).getValue()).toBe('Alice Liddell');
    expect(await (await input('avatar-url')).getValue()).toBe('');
    expect(preview().textContent).toContain('AL');
    expect(preview().textContent).toContain('@alice');
  });

  it('previews the name and avatar as they are typed, initials when the image fails', async () => {
    await (await input('display-name')).setValue('Bob Builder');
    await (await input('avatar-url')).setValue('https://example.com/bob.png');
    await fixture.whenStable();

    expect(preview().textContent).toContain('Bob Builder');
    expect(preview().querySelector('app-avatar')?.textContent?.trim()).toBe('BB');
    const img = preview().querySelector('img');
    expect(img?.getAttribute('src')).toBe('https://example.com/bob.png');

    img?.dispatchEvent(new Event('error'));
    await fixture.whenStable();
    expect(preview().querySelector('img')).toBeNull();
  });

  it('does not try to load an avatar URL that is not valid', async () => {
    await (await input('avatar-url')).setValue('not a url');
    await (await input('avatar-url')).blur();
    expect(preview().querySelector('img')).toBeNull();
    expect(await errorsOf('Avatar URL (optional)')).toEqual([
      'Enter a link starting with http:// or https://',
    ]);
  });

  it('saves, updates the signed-in user and closes', async () => {
    await (await input('display-name')).setValue('  Alice L. ');
    await (await input('avatar-url')).setValue('https://example.com/a.png');
    await save();

    const request = http.expectOne({ method: 'PATCH', url: '/api/v1/users/me' });
    expect(request.request.body).toEqual({
      displayName: 'Alice L.',
      avatarUrl: 'https://example.com/a.png',
    });
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    const button = await loader.getHarness(
      MatButtonHarness.with({ selector: '[data-testid="save"]' }),
    );
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getText()).toBe('Saving…');

    const saved = { ...alice, displayName: 'Alice L.', avatarUrl: 'https://example.com/a.png' };
    request.flush(saved);
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).user()).toEqual(saved);
    expect(closed).toBe(true);
  });

  it('previews a chosen photo and uploads it only when Save is pressed', async () => {
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'me.png', { type: 'image/png' });
    const picker = dialog().querySelector('[data-testid="upload-photo-input"]') as HTMLInputElement;
    Object.defineProperty(picker, 'files', { value: [file], configurable: true });
    picker.dispatchEvent(new Event('change'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fixture.whenStable();
    expect(preview().querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    http.expectNone('/api/v1/users/me/avatar');

    await save();
    const upload = http.expectOne({ method: 'PUT', url: '/api/v1/users/me/avatar' });
    expect(upload.request.body).toBeInstanceOf(FormData);
    expect(closed).toBe(false);
    const withPhoto = { ...alice, avatarUrl: '/api/v1/avatars/a/0123456789abcdef' };
    upload.flush(withPhoto);
    // The photo is kept: the profile update sends no avatarUrl.
    const patch = http.expectOne({ method: 'PATCH', url: '/api/v1/users/me' });
    expect(patch.request.body).toEqual({ displayName: 'Alice Liddell' });
    patch.flush(withPhoto);
    await fixture.whenStable();
    expect(closed).toBe(true);
  });

  it('drops a chosen photo on Cancel', async () => {
    const file = new File([new Uint8Array([1])], 'me.png', { type: 'image/png' });
    const picker = dialog().querySelector('[data-testid="upload-photo-input"]') as HTMLInputElement;
    Object.defineProperty(picker, 'files', { value: [file], configurable: true });
    picker.dispatchEvent(new Event('change'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    (dialog().querySelector('[mat-dialog-close]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(closed).toBe(true);
    http.expectNone('/api/v1/users/me/avatar');
  });

  it('removes the avatar with null when the URL is cleared', async () => {
    await (await input('avatar-url')).setValue('   ');
    await save();
    const request = http.expectOne('/api/v1/users/me');
    expect(request.request.body).toEqual({ displayName: 'Alice Liddell', avatarUrl: null });
    request.flush(alice);
  });

  it('requires a display name that is not just spaces', async () => {
    await (await input('display-name')).setValue('   ');
    await save();
    expect(await errorsOf('Display name')).toEqual(['Enter a display name']);
    http.expectNone('/api/v1/users/me');
  });

  it('shows the server errors and stays open', async () => {
    await (await input('avatar-url')).setValue('https://localhost/a.png');
    await save();
    http
      .expectOne('/api/v1/users/me')
      .flush(
        { statusCode: 400, error: 'Bad Request', message: ['avatarUrl must be an http(s) URL'] },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();

    expect(await errorsOf('Avatar URL (optional)')).toEqual(['Avatar URL must be an http(s) URL.']);
    expect(closed).toBe(false);

    await (await input('avatar-url')).setValue('https://example.com/a.png');
    await save();
    http
      .expectOne('/api/v1/users/me')
      .flush(null, { status: 500, statusText: 'Internal Server Error' });
    await fixture.whenStable();
    expect(dialog().querySelector('[data-testid="form-error"]')?.textContent).toContain(
      'Something went wrong. Try again in a moment.',
    );
  });
});
