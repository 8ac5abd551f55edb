export * from './auth/auth.service';
export * from './bots/bots.service';
export * from './conversations/conversations.service';
export * from './health/health.service';
export * from './messages/messages.service';
export * from './presence/presence.service';
export * from './search/search.service';
export * from './users/users.service';
