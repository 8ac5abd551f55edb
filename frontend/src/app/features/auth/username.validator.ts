import { ValidatorFn } from '@angular/forms';

/** The server's rule; it trims and lower-cases what it gets, so this checks the same. */
const USERNAME = /^[a-z0-9_.]{3,32}$/;

export const usernameRule: ValidatorFn = (control) => {
  const value = typeof control.value === 'string' ? control.value.trim().toLowerCase() : '';
  return value === '' || USERNAME.test(value) ? null : { username: true };
};
