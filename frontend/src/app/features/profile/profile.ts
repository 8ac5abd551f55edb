// Public: the account menu opens the profile dialog on demand (a dynamic import of this file).
export { openProfileDialog } from './profile-dialog/profile-dialog';
