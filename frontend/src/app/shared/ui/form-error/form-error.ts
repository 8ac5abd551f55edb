import { Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** Why a form could not be submitted, when no single field is to blame. Announced on arrival. */
@Component({
  selector: 'app-form-error',
  imports: [MatIcon],
  template: `
    <mat-icon class="icon" aria-hidden="true" svgIcon="error"></mat-icon>
    <span>{{ message() }}</span>
  `,
  styleUrl: './form-error.scss',
  host: { role: 'alert' },
})
export class FormError {
  readonly message = input.required<string>();
}
