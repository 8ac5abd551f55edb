import { Component, input } from '@angular/core';

/** A piece of a search hit's text; `match`: what the query matched. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

/**
 * A search hit's excerpt with what matched marked (`<mark>`). Built from the structured parts
 * with text bindings: the server's text is never parsed as HTML.
 */
@Component({
  selector: 'app-snippet',
  template: `@for (part of parts(); track $index) {
    @if (part.match) {
      <mark>{{ part.text }}</mark>
    } @else {
      <span>{{ part.text }}</span>
    }
  }`,
  styles: `
    mark {
      border-radius: 3px;
      background-color: color-mix(in srgb, var(--mat-sys-tertiary) 28%, transparent);
      color: inherit;
      font-weight: 600;
    }
  `,
})
export class Snippet {
  readonly parts = input.required<readonly SnippetPart[]>();
}

/** A code fence's marks with the language after it (```ts), wherever ts_headline cut the text. */
const FENCE = /```[^\s`]*/g;

/**
 * The parts as a reader sees the message: code blocks' text without their ``` fences, white
 * space (the fences' line breaks) as single spaces, no space at either end.
 */
export function withoutFences(parts: readonly SnippetPart[]): SnippetPart[] {
  const last = parts.length - 1;
  return parts
    .map((part, index) => {
      let text = part.text.replace(FENCE, ' ').replace(/\s+/g, ' ');
      if (index === 0) text = text.trimStart();
      if (index === last) text = text.trimEnd();
      return { ...part, text };
    })
    .filter((part) => part.text !== '');
}
