import { Component, computed, effect, inject, input, output, signal } from '@angular/core';

import { SessionStore } from '../../../../core/auth/session.store';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { ConversationsStore } from '../../data-access/conversations.store';
import { insertMention, MentionCandidate, mentionCandidates, mentionQueryAt } from '../mentions';

let nextId = 0;

/**
 * The list of people to mention that opens while `@name` is typed in the composer: the
 * conversation's members (and `@here` in a group) whose username or name starts with what is
 * typed. Up and Down move, Enter or Tab inserts `@username `, Escape closes; a click or tap
 * picks too. The textarea keeps the focus and says which option is active (combobox pattern).
 */
@Component({
  selector: 'app-mention-autocomplete',
  imports: [Avatar],
  templateUrl: './mention-autocomplete.html',
  styleUrl: './mention-autocomplete.scss',
})
export class MentionAutocomplete {
  readonly conversationId = input.required<string>();
  /** The composer's textarea: the text and the caret are read from it. */
  readonly textarea = input.required<HTMLTextAreaElement>();
  /** The text after a pick; the composer takes it as typed input. */
  readonly changed = output<string>();

  private readonly conversations = inject(ConversationsStore);
  private readonly session = inject(SessionStore);
  protected readonly listId = `mention-list-${nextId++}`;
  private readonly query = signal<{ start: number; query: string } | null>(null);
  /** Escape closes the list for this `@` until another one is typed. */
  private readonly dismissedAt = signal<number | null>(null);
  protected readonly active = signal(0);
  protected readonly candidates = computed<MentionCandidate[]>(() => {
    const query = this.query();
    if (!query || this.dismissedAt() === query.start) return [];
    return mentionCandidates(
      this.conversations.get(this.conversationId()),
      this.session.user()?.id ?? '',
      query.query,
    );
  });
  readonly open = computed(() => this.candidates().length > 0);

  constructor() {
    effect(() => {
      const textarea = this.textarea();
      const open = this.open();
      textarea.setAttribute('aria-autocomplete', 'list');
      textarea.setAttribute('aria-expanded', String(open));
      if (open) {
        textarea.setAttribute('aria-controls', this.listId);
        textarea.setAttribute('aria-activedescendant', this.optionId(this.active()));
      } else {
        textarea.removeAttribute('aria-controls');
        textarea.removeAttribute('aria-activedescendant');
      }
    });
  }

  /** The text or the caret moved: what is being typed after `@`, if anything. */
  update(): void {
    const textarea = this.textarea();
    const { selectionStart, selectionEnd, value } = textarea;
    const query = selectionStart === selectionEnd ? mentionQueryAt(value, selectionStart) : null;
    if (query?.start !== this.query()?.start || query?.query !== this.query()?.query) {
      this.active.set(0);
    }
    if (query?.start !== this.dismissedAt()) this.dismissedAt.set(null);
    this.query.set(query);
  }

  close(): void {
    this.query.set(null);
  }

  /** Keys while the list is open; true when the key was the list's (the composer ignores it). */
  handleKeydown(event: KeyboardEvent): boolean {
    if (!this.open() || event.isComposing) return false;
    const count = this.candidates().length;
    switch (event.key) {
      case 'ArrowDown':
        this.active.update((i) => (i + 1) % count);
        break;
      case 'ArrowUp':
        this.active.update((i) => (i - 1 + count) % count);
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey) return false;
        this.pick(this.candidates()[this.active()]);
        break;
      case 'Escape':
        this.dismissedAt.set(this.query()?.start ?? null);
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  }

  protected pick(candidate: MentionCandidate): void {
    const query = this.query();
    if (!query) return;
    const textarea = this.textarea();
    const { text, caret } = insertMention(
      textarea.value,
      query.start,
      textarea.selectionStart,
      candidate.username,
    );
    textarea.value = text;
    textarea.setSelectionRange(caret, caret);
    this.query.set(null);
    this.changed.emit(text);
    textarea.focus();
  }

  protected optionId(index: number): string {
    return `${this.listId}-${index}`;
  }
}
