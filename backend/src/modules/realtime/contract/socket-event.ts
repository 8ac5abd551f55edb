/** Every Socket.IO event name of the contract (DESIGN.md section 5), in one place. */
export enum SocketEvent {
  MessageSend = 'message:send',
  MessageNew = 'message:new',
  MessageUpdated = 'message:updated',
  MessageDeleted = 'message:deleted',
  MessageDelta = 'message:delta',
  Typing = 'typing',
  Presence = 'presence',
  ConversationRead = 'conversation:read',
  ConversationDelivered = 'conversation:delivered',
  ConversationUpdated = 'conversation:updated',
  ConversationRemoved = 'conversation:removed',
  UserUpdated = 'user:updated',
  AttachmentUpdated = 'attachment:updated',
  ReactionUpdated = 'reaction:updated',
  ConversationUnread = 'conversation:unread',
  ThreadUpdated = 'thread:updated',
}
