// Public: the account menu loads Web Push on demand (a dynamic import of this file).
export { disableWebPush, enableWebPush, forgetWebPush } from './notifications/web-push';
