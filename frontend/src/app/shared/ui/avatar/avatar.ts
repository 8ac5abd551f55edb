import { Component, computed, input, signal } from '@angular/core';

import { UserDto } from '../../../core/api/model';

export type AvatarUser = Pick<UserDto, 'id' | 'displayName' | 'avatarUrl'>;

/**
 * A user's picture: their image once it has loaded, else their initials on a colour derived from
 * their id, so a person keeps the same colour everywhere. Decorative: the name is shown nearby.
 */
@Component({
  selector: 'app-avatar',
  templateUrl: './avatar.html',
  styleUrl: './avatar.scss',
  host: {
    'aria-hidden': 'true',
    '[style.width.px]': 'size()',
    '[style.height.px]': 'size()',
    '[style.font-size.px]': 'size() * 0.4',
    '[style.background-color]': 'color()',
  },
})
export class Avatar {
  readonly user = input.required<AvatarUser>();
  /** Width and height in pixels. */
  readonly size = input(40);

  protected readonly failedUrl = signal<string | null>(null);
  protected readonly loadedUrl = signal<string | null>(null);

  protected readonly initials = computed(() => initialsOf(this.user().displayName));
  protected readonly color = computed(() => colorFor(this.user().id));
  protected readonly imageUrl = computed(() => {
    const url = this.user().avatarUrl?.trim();
    return url && url !== this.failedUrl() ? url : null;
  });
  protected readonly showsImage = computed(() => {
    const url = this.imageUrl();
    return url !== null && url === this.loadedUrl();
  });
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  // Array.from splits by code point, so an emoji or accented letter stays whole.
  const first = (word: string | undefined) => (word ? Array.from(word)[0] : '');
  const initials = first(words[0]) + (words.length > 1 ? first(words.at(-1)) : '');
  return initials.toUpperCase() || '?';
}

/** Same lightness for every hue (OKLCH), so white initials stay readable on all of them. */
export function colorFor(id: string): string {
  // FNV-1a: a cheap, well-spread string hash.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  }
  return `oklch(0.5 0.13 ${(hash >>> 0) % 360})`;
}
