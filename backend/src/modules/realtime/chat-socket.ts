import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import type { AuthUser } from '../../common/current-user.decorator';
import type { ClientToServerEvents, ServerToClientEvents } from './contract/event-maps';

/** What the gateway keeps on an authenticated socket: `user` is the caller. */
export interface ChatSocketData {
  user: AuthUser;
  expiresAt: number;
  expiry?: NodeJS.Timeout;
}

/** The API's Socket.IO server, typed by the contract's event maps in both directions. */
export type ChatServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  DefaultEventsMap,
  ChatSocketData
>;

export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  DefaultEventsMap,
  ChatSocketData
>;
