import { ValidatorFn } from '@angular/forms';

/** Like `Validators.required`, but spaces alone do not count: the server trims them away. */
export const notBlank: ValidatorFn = (control) =>
  typeof control.value === 'string' && control.value.trim() === '' ? { required: true } : null;

/** An absolute http(s) URL, as the server accepts for links such as avatars; empty passes. */
export const httpUrl: ValidatorFn = (control) => {
  const value = typeof control.value === 'string' ? control.value.trim() : '';
  if (value === '') return null;
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)
    ? null
    : { httpUrl: true };
};
