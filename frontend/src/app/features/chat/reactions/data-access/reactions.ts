import { inject, Injectable } from '@angular/core';
import { MatBottomSheet } from '@angular/material/bottom-sheet';
import { MatSnackBar } from '@angular/material/snack-bar';

import { MessagesService } from '../../../../core/api';
import { MessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { ConversationsStore } from '../../data-access/conversations.store';
import { MessagesStore } from '../../data-access/messages.store';
import { EmojiPicker } from '../emoji-picker/emoji-picker';
import { openWhoReacted } from '../who-reacted/who-reacted-sheet';
import { hasReacted, reactorNames, withReaction } from './reaction-set';

/**
 * The user's reactions: shown at once (optimistic), then the server's answer replaces the set;
 * a refused change is taken back and said in a snackbar.
 */
@Injectable({ providedIn: 'root' })
export class Reactions {
  private readonly api = inject(MessagesService);
  private readonly messages = inject(MessagesStore);
  private readonly session = inject(SessionStore);
  private readonly snackBar = inject(MatSnackBar);
  private readonly picker = inject(EmojiPicker);
  private readonly sheets = inject(MatBottomSheet);
  private readonly conversations = inject(ConversationsStore);

  /** Adds the user's `emoji`, or takes it back if they already reacted so. */
  toggle(message: MessageDto, emoji: string): void {
    const myId = this.session.user()?.id;
    if (!myId) return;
    const current = this.current(message);
    this.set(current, !hasReacted(current.reactions, emoji, myId), emoji, myId);
  }

  /** Adds the user's `emoji` (from the picker): nothing to do when it is there already. */
  add(message: MessageDto, emoji: string): void {
    const myId = this.session.user()?.id;
    if (!myId) return;
    const current = this.current(message);
    if (!hasReacted(current.reactions, emoji, myId)) this.set(current, true, emoji, myId);
  }

  /** Opens the emoji picker beside `anchor` and adds what the user picks. */
  async pick(message: MessageDto, anchor: HTMLElement, returnFocus = anchor): Promise<void> {
    const emoji = await this.picker.open(anchor, returnFocus);
    if (emoji) this.add(message, emoji);
  }

  /** The emoji the user reacted with on the message. */
  mine(message: MessageDto): string[] {
    const myId = this.session.user()?.id;
    return message.reactions.filter((r) => myId && r.userIds.includes(myId)).map((r) => r.emoji);
  }

  /** Who reacted with what (the long-press view on a phone). */
  showWhoReacted(message: MessageDto): void {
    const myId = this.session.user()?.id ?? '';
    const nameOf = (id: string) => this.conversations.knownUser(id)?.displayName;
    openWhoReacted(
      this.sheets,
      this.current(message).reactions.map((r) => ({
        emoji: r.emoji,
        names: reactorNames(r, myId, nameOf),
      })),
    );
  }

  private set(message: MessageDto, on: boolean, emoji: string, myId: string): void {
    const apply = (change: (m: MessageDto) => MessageDto['reactions']) =>
      this.messages.applyReactions({
        conversationId: message.conversationId,
        messageId: message.id,
        reactions: change(this.current(message)),
      });
    apply((m) => [...withReaction(m.reactions, emoji, myId, on)]);
    const encoded = encodeURIComponent(emoji);
    const request = on
      ? this.api.addReaction(message.id, encoded)
      : this.api.removeReaction(message.id, encoded);
    request.subscribe({
      next: ({ reactions }) => apply(() => reactions),
      error: (error: unknown) => {
        // Undo only this change: events may have brought other people's since.
        apply((m) => [...withReaction(m.reactions, emoji, myId, !on)]);
        const problem = describeApiProblem(readApiProblem(error));
        this.snackBar.open(
          `Couldn't ${on ? 'add' : 'remove'} the reaction. ${problem}`,
          undefined,
          {
            duration: 4000,
          },
        );
      },
    });
  }

  /** The loaded copy of the message (events may have changed it since the template read it). */
  private current(message: MessageDto): MessageDto {
    return (
      this.messages.thread(message.conversationId).messages.find((m) => m.id === message.id) ??
      message
    );
  }
}
