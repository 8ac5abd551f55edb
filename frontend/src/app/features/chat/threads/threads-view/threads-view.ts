import { Component, computed, DOCUMENT, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';

import { FollowedThreadDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { ErrorState } from '../../../../shared/ui/error-state/error-state';
import { Clock } from '../../data-access/clock';
import { conversationTitle, plainText } from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { relativeTime } from '../../ui/chat-time';
import { ThreadsStore } from '../data-access/threads.store';
import { openThreadPanel } from '../thread-panel/thread-panel';

/** The threads the user follows, unread first; each opens in the thread panel. */
@Component({
  selector: 'app-threads-view',
  imports: [MatButton, MatIcon, MatProgressSpinner, RouterLink, ErrorState],
  templateUrl: './threads-view.html',
  styleUrl: './threads-view.scss',
})
export class ThreadsView {
  protected readonly threads = inject(ThreadsStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly session = inject(SessionStore);
  private readonly clock = inject(Clock);
  private readonly dialog = inject(MatDialog);
  private readonly window = inject(DOCUMENT).defaultView;

  protected readonly rows = computed(() => {
    const myId = this.session.user()?.id ?? '';
    return this.threads.followed().map((thread) => {
      const conversation = this.conversations.get(thread.root.conversationId);
      const replies = thread.root.thread?.replyCount ?? 0;
      return {
        thread,
        where: conversation ? conversationTitle(conversation, myId) : '',
        excerpt: plainText(thread.root.body ?? 'Message deleted'),
        sender: thread.root.sender.displayName,
        replies: replies === 1 ? '1 reply' : `${replies} replies`,
        last: relativeTime(
          thread.root.thread?.lastReplyAt ?? thread.root.createdAt,
          this.clock.now(),
        ),
      };
    });
  });

  constructor() {
    this.threads.loadFollowed();
  }

  protected open(thread: FollowedThreadDto): void {
    if (this.dialog.openDialogs.length > 0) return;
    const fullscreen = this.window?.matchMedia?.('(max-width: 719.98px)').matches ?? false;
    openThreadPanel(this.dialog, thread.root.conversationId, thread.root.id, fullscreen);
  }
}
