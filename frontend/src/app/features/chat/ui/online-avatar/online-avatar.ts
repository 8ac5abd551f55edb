import { Component, input } from '@angular/core';

import { Avatar, AvatarUser } from '../../../../shared/ui/avatar/avatar';

/**
 * An avatar with a green dot at its edge while the person is online. The dot is named "Online"
 * for screen readers and shows it as a tooltip; set `--presence-ring` to the background's colour
 * so that the dot stands out from the avatar.
 */
@Component({
  selector: 'app-online-avatar',
  imports: [Avatar],
  template: `
    <app-avatar [user]="user()" [size]="size()" />
    @if (online()) {
      <span
        class="dot"
        role="img"
        aria-label="Online"
        title="Online"
        data-testid="presence-dot"
      ></span>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-flex;
      flex: none;
    }
    .dot {
      position: absolute;
      right: 0;
      bottom: 0;
      box-sizing: border-box;
      width: max(10px, 28%);
      height: max(10px, 28%);
      border-radius: 50%;
      background-color: light-dark(#1e8e3e, #6dd58c);
      box-shadow: 0 0 0 2px var(--presence-ring, var(--mat-sys-surface));
    }
  `,
})
export class OnlineAvatar {
  readonly user = input.required<AvatarUser>();
  readonly size = input(40);
  readonly online = input(false);
}
