import { ComponentFixture, TestBed } from '@angular/core/testing';

import { Avatar, AvatarUser, colorFor, initialsOf } from './avatar';

describe('Avatar', () => {
  let fixture: ComponentFixture<Avatar>;
  let element: HTMLElement;

  async function render(user: AvatarUser, size = 40) {
    fixture.componentRef.setInput('user', user);
    fixture.componentRef.setInput('size', size);
    await fixture.whenStable();
  }

  beforeEach(() => {
    fixture = TestBed.createComponent(Avatar);
    element = fixture.nativeElement as HTMLElement;
  });

  const image = () => element.querySelector('img');
  const user = { id: 'u1', displayName: 'Alice Liddell', avatarUrl: null };

  it('shows initials on a colour that depends on the id only', async () => {
    await render(user, 32);
    expect(element.textContent?.trim()).toBe('AL');
    expect(element.style.width).toBe('32px');
    expect(element.getAttribute('aria-hidden')).toBe('true');
    expect(image()).toBeNull();
    expect(colorFor('u1')).toBe(colorFor('u1'));
    expect(colorFor('u1')).not.toBe(colorFor('u2'));
    expect(colorFor('u1')).toMatch(/^oklch\(0\.5 0\.13 \d+\)$/);
  });

  it('shows the image once it has loaded, over the initials', async () => {
    await render({ ...user, avatarUrl: 'https://example.com/a.png' });
    const img = image();
    expect(img?.getAttribute('src')).toBe('https://example.com/a.png');
    expect(img?.classList).not.toContain('loaded');

    expect(element.querySelector('.initials')?.classList).not.toContain('covered');

    img?.dispatchEvent(new Event('load'));
    await fixture.whenStable();
    expect(img?.classList).toContain('loaded');
    // Not through the image's transparent parts either.
    expect(element.querySelector('.initials')?.classList).toContain('covered');
  });

  it('falls back to the initials when the image fails, and tries a new URL', async () => {
    await render({ ...user, avatarUrl: 'https://example.com/missing.png' });
    image()?.dispatchEvent(new Event('error'));
    await fixture.whenStable();
    expect(image()).toBeNull();
    expect(element.textContent?.trim()).toBe('AL');

    await render({ ...user, avatarUrl: 'https://example.com/b.png' });
    expect(image()?.getAttribute('src')).toBe('https://example.com/b.png');
  });
});

describe('initialsOf', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initialsOf('alice')).toBe('A');
    expect(initialsOf('  Alice  Pleasance  Liddell ')).toBe('AL');
    expect(initialsOf('élodie 😀smile')).toBe('É😀');
    expect(initialsOf('   ')).toBe('?');
  });
});
