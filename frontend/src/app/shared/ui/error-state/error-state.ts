import { Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

/**
 * A failed load: what went wrong and a way to try again. The host announces it (for example from
 * an `aria-live` region that stays in the page), so the message carries no live role of its own.
 */
@Component({
  selector: 'app-error-state',
  imports: [MatButton, MatIcon],
  templateUrl: './error-state.html',
  styleUrl: './error-state.scss',
})
export class ErrorState {
  readonly message = input.required<string>();
  readonly retry = output();
}
