import { Component, computed, input, ViewEncapsulation } from '@angular/core';

import { renderMarkdown } from './render-markdown';

/**
 * A bot's reply as formatted text. The HTML is sanitized by DOMPurify (see `renderMarkdown`) and
 * again by Angular's `[innerHTML]`. While the reply streams, a blinking caret ends it.
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
  readonly streaming = input(false);

  protected readonly html = computed(() =>
    renderMarkdown(this.text(), { caret: this.streaming() }),
  );
}
