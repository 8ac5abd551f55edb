import { AbstractControl } from '@angular/forms';
import { MatInput } from '@angular/material/input';

import { asSentence } from '../../core/http/api-problem';

/**
 * Shows a 400's validation messages on the fields they name (each starts with the property name,
 * which the field's label replaces) and returns the others as one form-level message, if any.
 */
export function showFieldErrors<F extends string>(
  controls: Record<F, AbstractControl>,
  labels: Record<F, string>,
  messages: readonly string[],
): string | null {
  const fields = Object.keys(labels) as F[];
  const unclaimed: string[] = [];
  for (const message of messages) {
    const field = fields.find((name) => message.startsWith(`${name} `));
    if (field === undefined) {
      unclaimed.push(asSentence(message));
    } else if (!controls[field].hasError('server')) {
      setServerError(controls[field], labels[field] + message.slice(field.length));
    }
  }
  return unclaimed.length > 0 ? unclaimed.join(' ') : null;
}

/** An error from the server on one field; the field's next edit clears it, as validation reruns. */
export function setServerError(control: AbstractControl, message: string): void {
  control.setErrors({ ...control.errors, server: asSentence(message) });
  control.markAsTouched();
}

/** Puts the cursor where the user has to act, so the field's error is read out too. */
export function focusFirstInvalid(inputs: readonly MatInput[]): void {
  inputs.find((input) => input.ngControl?.invalid)?.focus();
}
