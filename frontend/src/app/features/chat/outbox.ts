// Public: the app starts the outbox at boot so pending messages are sent before the chat opens.
export { Outbox } from './data-access/outbox/outbox';
