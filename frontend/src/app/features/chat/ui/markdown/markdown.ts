import { Component, computed, effect, input, signal, ViewEncapsulation } from '@angular/core';

import type { MentionMarks } from '../../mentions/mentions';
import { hasCodeBlock, type Highlighter, MarkdownProfile, renderMarkdown } from './render-markdown';

let highlighter: Promise<Highlighter> | null = null;

/** The code highlighter, loaded once, on first need (it is no part of the first visit). */
export function loadHighlighter(): Promise<Highlighter> {
  highlighter ??= import('./code-highlighter').then((m) => m.highlightCode);
  // Offline: the code stays plain, and the next message with code tries again.
  highlighter.catch(() => (highlighter = null));
  return highlighter;
}

/**
 * A message's text, formatted: a bot's reply as Markdown, a person's message as the chat subset
 * (see `renderMarkdown`). The HTML is sanitized by DOMPurify and again by Angular's `[innerHTML]`.
 * Code blocks are highlighted once the highlighter has loaded. While a reply streams, a blinking
 * caret ends it.
 */
@Component({
  selector: 'app-markdown',
  template: `<div class="md" [innerHTML]="html()"></div>`,
  styleUrl: './markdown.scss',
  // The rendered elements are not in this template: its styles must reach them.
  encapsulation: ViewEncapsulation.None,
})
export class Markdown {
  readonly text = input.required<string>();
  readonly profile = input<MarkdownProfile>('bot');
  readonly streaming = input(false);
  readonly mentions = input<MentionMarks | null>(null);

  private readonly highlight = signal<Highlighter | null>(null);

  protected readonly html = computed(() =>
    renderMarkdown(this.text(), {
      profile: this.profile(),
      caret: this.streaming(),
      highlight: this.highlight(),
      mentions: this.mentions(),
    }),
  );

  constructor() {
    effect(() => {
      if (this.highlight() || !hasCodeBlock(this.text())) return;
      loadHighlighter().then(
        (highlight) => this.highlight.set(highlight),
        () => undefined,
      );
    });
  }
}
