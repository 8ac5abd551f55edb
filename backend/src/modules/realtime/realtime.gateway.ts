import { NotFoundException } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import { isDependencyDown } from '../../common/dependency-errors';
import { RedisRateLimiter } from '../../common/rate-limit/redis-rate-limiter';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import type { AuthUser } from '../../common/current-user.decorator';
import { AppConfig } from '../../config/app-config';
import { AuthService } from '../auth/auth.service';
import { ConversationsService } from '../conversations/conversations.service';
import type { MessageDto } from '../messages/dto/message.dto';
import { MessagesService } from '../messages/messages.service';
import { PresenceService } from '../presence/presence.service';
import {
  conversationRoom,
  ReadEventDto,
  SendMessageEventDto,
  sessionRoom,
  SocketEvent,
  TypingEventDto,
  userRoom,
} from './events';
import { KeyedSerialQueue } from './keyed-serial-queue';
import { SocketServerPublisher } from './socket-server.publisher';
import { type Ack, handleEvent } from './socket-ack';

class TooManySockets extends Error {}

/** The `connect_error` message for a refused handshake. */
function handshakeRefusal(error: unknown): string {
  if (error instanceof TooManySockets) return 'too many connections';
  return isDependencyDown(error) ? 'unavailable' : 'unauthorized';
}

const CLIENT_EVENTS = new Set<string>([
  SocketEvent.MessageSend,
  SocketEvent.Typing,
  SocketEvent.ConversationRead,
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** A socket whose handshake was authenticated: `data.user` is the caller. */
type ChatSocket = Socket<
  DefaultEventsMap,
  DefaultEventsMap,
  DefaultEventsMap,
  { user: AuthUser; expiresAt: number }
>;

/** The Socket.IO endpoint: authenticates the handshake, joins rooms, relays client events. */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly sendQueues = new WeakMap<ChatSocket, KeyedSerialQueue>();

  constructor(
    private readonly auth: AuthService,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
    private readonly presence: PresenceService,
    private readonly publisher: SocketServerPublisher,
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
  ) {}

  afterInit(server: Server): void {
    this.publisher.attach(server);
    // An event outside the contract gets an error acknowledgement, not silence until timeout.
    server.on('connection', (socket: ChatSocket) =>
      socket.use((packet: unknown[], next) => {
        const [event, ...args] = packet;
        if (typeof event === 'string' && CLIENT_EVENTS.has(event)) return next();
        const ack = args.at(-1);
        if (typeof ack === 'function') {
          (ack as (answer: unknown) => void)({
            ok: false,
            error: { code: 'VALIDATION', message: `unknown event "${String(event)}"` },
          });
        }
      }),
    );
    // Runs before `connect` reaches the client, so a connected client is already in its rooms.
    server.use((socket, next) => {
      this.authenticate(socket as ChatSocket).then(
        () => next(),
        // "unauthorized" tells the client to sign in again: never say it for an outage.
        (error: unknown) => next(new Error(handshakeRefusal(error))),
      );
    });
  }

  handleConnection(socket: ChatSocket): Promise<void> {
    // A socket lives only as long as its token: at expiry the server stops delivering and
    // disconnects it; the client refreshes, reconnects and catches up.
    const expiresInMs = socket.data.expiresAt - Date.now();
    const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, expiresInMs));
    socket.once('disconnect', () => clearTimeout(expiry));
    return this.presence.connected(socket.data.user.id, socket.id);
  }

  handleDisconnect(socket: ChatSocket): Promise<void> {
    // A socket refused in the handshake never had a user.
    const user = socket.data.user as AuthUser | undefined;
    return user ? this.presence.disconnected(user.id, socket.id) : Promise.resolve();
  }

  @SubscribeMessage(SocketEvent.MessageSend)
  onMessageSend(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<MessageDto>> {
    // Sender order: one socket's sends to a conversation are handled, and numbered, in the
    // order they arrived, even when the client does not wait for each acknowledgement.
    const key =
      isRecord(payload) && typeof payload.conversationId === 'string' ? payload.conversationId : '';
    return this.sendQueue(socket).run(key, () =>
      handleEvent(SendMessageEventDto, payload, async ({ conversationId, ...input }) => {
        const { message } = await this.messages.send(conversationId, socket.data.user.id, input);
        return message;
      }),
    );
  }

  private sendQueue(socket: ChatSocket): KeyedSerialQueue {
    let queue = this.sendQueues.get(socket);
    if (!queue) this.sendQueues.set(socket, (queue = new KeyedSerialQueue()));
    return queue;
  }

  @SubscribeMessage(SocketEvent.Typing)
  onTyping(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<null>> {
    return handleEvent(TypingEventDto, payload, async ({ conversationId, isTyping }) => {
      const userId = socket.data.user.id;
      // Room membership mirrors conversation membership (moved live), so no query is needed.
      if (!socket.rooms.has(conversationRoom(conversationId))) {
        throw new NotFoundException('conversation not found');
      }
      // Only "started typing" counts: a stop must always get through, or the indicator lingers.
      if (isTyping) {
        const limit = await this.limiter.hit(
          `typing:${userId}:${conversationId}`,
          this.config.RATE_LIMIT_TYPING_PER_SECOND,
          1_000,
        );
        if (!limit.allowed) throw new RateLimitedException('typing too often', limit.resetInMs);
      }
      socket
        .to(conversationRoom(conversationId))
        .emit(SocketEvent.Typing, { conversationId, userId, isTyping });
      return null;
    });
  }

  @SubscribeMessage(SocketEvent.ConversationRead)
  onRead(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<null>> {
    return handleEvent(ReadEventDto, payload, async ({ conversationId, seq }) => {
      await this.conversations.markRead(conversationId, socket.data.user.id, seq);
      return null;
    });
  }

  private async authenticate(socket: ChatSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) throw new Error('no token');
    const claims = await this.auth.verifySocketToken(token);
    socket.data.user = { id: claims.sub, username: claims.username };
    socket.data.expiresAt = (claims.exp ?? 0) * 1000;
    if (!(await this.presence.mayConnect(claims.sub))) throw new TooManySockets();
    const conversationIds = await this.conversations.conversationIdsOf(claims.sub);
    await socket.join([
      userRoom(claims.sub),
      ...(claims.sid ? [sessionRoom(claims.sid)] : []),
      ...conversationIds.map(conversationRoom),
    ]);
  }
}
