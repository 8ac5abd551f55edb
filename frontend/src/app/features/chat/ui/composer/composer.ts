import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import {
  afterNextRender,
  Component,
  computed,
  DOCUMENT,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  linkedSignal,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

import { AttachButton } from '../../attachments/attach-button/attach-button';
import { AttachmentTray } from '../../attachments/attachment-tray/attachment-tray';
import { AttachmentUploads } from '../../attachments/data-access/attachment-uploads';
import { FileDrop } from '../../attachments/file-drop/file-drop';
import { DraftsStore } from '../../data-access/drafts.store';
import { MentionAutocomplete } from '../../mentions/mention-autocomplete/mention-autocomplete';
import { EmojiPicker } from '../../reactions/emoji-picker/emoji-picker';

/** The server's limit, counted after trimming. */
export const MAX_BODY_LENGTH = 4000;
/** The counter appears this close to the limit. */
const COUNTER_FROM = 3500;

export interface ComposerReply {
  readonly senderName: string;
  readonly excerpt: string;
}

export interface ComposerEdit {
  readonly id: string;
  readonly body: string;
}

/**
 * The message box: Enter sends, Shift+Enter starts a new line, Escape cancels a reply or an edit.
 * What is typed stays as the conversation's draft until it is sent. Grows with its text up to
 * six lines. A button beside it shows the formatting people can use. Takes the focus when a
 * conversation opens, where there is a mouse: on a touch screen that would raise the keyboard over
 * the messages unasked.
 */
@Component({
  selector: 'app-composer',
  imports: [
    CdkTextareaAutosize,
    MatIconButton,
    MatIcon,
    MentionAutocomplete,
    AttachButton,
    AttachmentTray,
  ],
  // Files dropped on or pasted into the composer are attached.
  hostDirectives: [{ directive: FileDrop, inputs: ['appFileDrop: conversationId'] }],
  templateUrl: './composer.html',
  styleUrl: './composer.scss',
})
export class Composer {
  /** A new conversation starts with an empty box. */
  readonly conversationId = input.required<string>();
  readonly replyTo = input<ComposerReply | null>(null);
  /** The message being edited: its text fills the box, and sending saves it. */
  readonly editing = input<ComposerEdit | null>(null);

  readonly send = output<string>();
  readonly save = output<string>();
  readonly cancelReply = output();
  readonly cancelEdit = output();
  /** Arrow-Up in an empty message box: edit the user's last message. */
  readonly editLast = output();
  /** Whether the user is typing a message: true while the box has text, false once it has not. */
  readonly typing = output<boolean>();

  protected readonly maxLength = MAX_BODY_LENGTH;
  private readonly drafts = inject(DraftsStore);
  /** The message being edited, else the conversation's draft (once the drafts are read). */
  protected readonly text = linkedSignal({
    source: () => `${this.conversationId()}\n${this.editing()?.id ?? ''}\n${this.drafts.ready()}`,
    computation: () =>
      this.editing()?.body ?? untracked(() => this.drafts.get(this.conversationId())),
  });
  protected readonly length = computed(() => this.text().trim().length);
  private readonly uploads = inject(AttachmentUploads);
  /** Text only: a scheduled message carries no files. */
  protected readonly canSchedule = computed(
    () =>
      !this.editing() &&
      this.length() > 0 &&
      this.length() <= MAX_BODY_LENGTH &&
      !this.uploads.isUploading(this.conversationId()) &&
      !this.uploads.readyToSend(this.conversationId()),
  );
  private readonly injector = inject(Injector);
  /** Text, or files alone; never while a file is still uploading (it goes with the message). */
  protected readonly canSend = computed(() => {
    if (this.length() > MAX_BODY_LENGTH) return false;
    if (this.editing()) return this.length() > 0;
    const id = this.conversationId();
    if (this.uploads.isUploading(id)) return false;
    return this.length() > 0 || this.uploads.readyToSend(id);
  });
  protected readonly showCounter = computed(() => this.length() > COUNTER_FROM);
  /** The Markdown the messages understand, on request. */
  protected readonly showHint = signal(false);
  protected readonly describedBy = computed(
    () =>
      [this.showHint() ? 'composer-hint' : '', this.showCounter() ? 'composer-counter' : '']
        .filter(Boolean)
        .join(' ') || null,
  );

  private readonly textarea = viewChild.required<ElementRef<HTMLTextAreaElement>>('textarea');
  private readonly emojiPicker = inject(EmojiPicker);
  protected readonly mentions = viewChild.required(MentionAutocomplete);

  constructor() {
    const injector = inject(Injector);
    const finePointer =
      inject(DOCUMENT).defaultView?.matchMedia?.('(hover: hover) and (pointer: fine)').matches ??
      false;
    effect(() => {
      this.conversationId();
      if (finePointer) untracked(() => afterNextRender(() => this.focus(), { injector }));
    });
  }

  focus(): void {
    this.textarea().nativeElement.focus();
  }

  protected onInput(value: string): void {
    this.text.set(value);
    this.mentions().update();
    if (this.editing()) return;
    this.drafts.set(this.conversationId(), value);
    this.typing.emit(value.trim().length > 0);
  }

  protected onKeydown(event: KeyboardEvent): void {
    // An open list of people to mention takes the arrows, Enter, Tab and Escape.
    if (this.mentions().handleKeydown(event)) return;
    // While an input method composes a character, Enter confirms the character.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    } else if (
      event.key === 'ArrowUp' &&
      !event.shiftKey &&
      !event.altKey &&
      !event.ctrlKey &&
      !event.metaKey &&
      !this.editing() &&
      this.text() === ''
    ) {
      event.preventDefault();
      this.editLast.emit();
    } else if (event.key === 'Escape') {
      if (this.editing()) {
        event.preventDefault();
        this.cancelEdit.emit();
      } else if (this.replyTo()) {
        event.preventDefault();
        this.cancelReply.emit();
      }
    }
  }

  /** The emoji picker; the emoji chosen goes in at the caret (replacing a selection). */
  protected async insertEmoji(event: Event): Promise<void> {
    const textarea = this.textarea().nativeElement;
    const { selectionStart: start, selectionEnd: end } = textarea;
    const emoji = await this.emojiPicker.open(event.currentTarget as HTMLElement, textarea);
    if (!emoji) return;
    const text = this.text();
    const next = text.slice(0, start) + emoji + text.slice(end);
    textarea.value = next;
    textarea.setSelectionRange(start + emoji.length, start + emoji.length);
    this.onInput(next);
  }

  protected onBlur(): void {
    this.mentions().close();
    if (!this.editing()) this.typing.emit(false);
  }

  /** "Schedule message…": the picker loads with its first use. */
  protected async schedule(): Promise<void> {
    if (!this.canSchedule()) return;
    const conversationId = this.conversationId();
    const { scheduleMessage } = await import('../../scheduling/schedule-message');
    if (!(await scheduleMessage(this.injector, conversationId, this.text().trim()))) return;
    this.drafts.clear(conversationId);
    if (this.conversationId() === conversationId) this.text.set('');
    this.typing.emit(false);
  }

  protected submit(): void {
    if (!this.canSend()) return;
    const body = this.text().trim();
    if (this.editing()) {
      this.save.emit(body);
    } else {
      this.send.emit(body);
      this.drafts.clear(this.conversationId());
      this.typing.emit(false);
    }
    this.text.set('');
    // After a click on Send, the next message is typed right away.
    this.focus();
  }
}
