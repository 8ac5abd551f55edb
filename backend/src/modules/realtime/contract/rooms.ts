export const userRoom = (userId: string) => `user:${userId}`;
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;
/** Every socket opened with an access token of one session (refresh token family). */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
