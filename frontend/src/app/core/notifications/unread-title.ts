import { effect, inject, Injectable, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';

/** The tab's title when no route names the page. */
const APP_TITLE = 'Chat';

/** "(3) Chats · Chat": the page's title led by the unread count, when there is one. */
export function unreadTitle(title: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${title}` : title;
}

/**
 * The router's titles ("Chats · Chat"), led by the number of unread messages so that a tab in the
 * background says there is something new. The chat feature reports the count.
 */
@Injectable({ providedIn: 'root' })
export class UnreadTitleStrategy extends TitleStrategy {
  private readonly page = signal(APP_TITLE);
  private readonly count = signal(0);

  constructor() {
    super();
    const title = inject(Title);
    effect(() => title.setTitle(unreadTitle(this.page(), this.count())));
  }

  /** Messages not read yet, in every conversation. */
  setUnread(count: number): void {
    this.count.set(count);
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.page.set(this.buildTitle(snapshot) ?? APP_TITLE);
  }
}
