import { NotFoundException } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import { Gauge } from 'prom-client';
import { isDependencyDown } from '../../common/dependency-errors';
import { inSpan } from '../../common/telemetry/spans';
import { RedisRateLimiter, type RateWindow } from '../../common/rate-limit/redis-rate-limiter';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import type { AuthUser } from '../../common/current-user.decorator';
import { AppConfig } from '../../config/app-config';
import { AuthService } from '../auth/auth.service';
import { DeliveredEventDto, ReadEventDto } from '../conversations/dto/conversation-events.dto';
import { ConversationsService } from '../conversations/conversations.service';
import { SendMessageEventDto } from '../messages/dto/message-events.dto';
import type { MessageDto } from '../messages/dto/message.dto';
import { MessagesService } from '../messages/messages.service';
import { MetricsService } from '../metrics/metrics.service';
import { PresenceService } from '../presence/presence.service';
import type { ChatServer, ChatSocket } from './chat-socket';
import type { Ack, ClientEvent, ClientEventResult } from './contract/event-maps';
import { conversationRoom, sessionRoom, userRoom } from './contract/rooms';
import { SocketEvent } from './contract/socket-event';
import { TypingEventDto } from './dto/typing.dto';
import { KeyedSerialQueue } from './keyed-serial-queue';
import { SocketEventFeed } from './socket-event-feed';
import { SocketServerPublisher } from './socket-server.publisher';
import { SlowConsumers } from './slow-consumers';
import { handleEvent, settleEvent } from './socket-ack';

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
  SocketEvent.ConversationDelivered,
] satisfies ClientEvent[]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Acknowledges an event, when the client asked for an acknowledgement. */
function answer(ack: unknown, result: Ack<unknown>): void {
  if (typeof ack === 'function') (ack as (result: Ack<unknown>) => void)(result);
}

/**
 * A listener for a client event, shared by every socket (Socket.IO calls it with the socket as
 * `this`): the payload is its one argument (several arrive as an array, which validation
 * refuses), the acknowledgement callback is the last, if any.
 */
function listener(
  event: ClientEvent,
  handler: (socket: ChatSocket, payload: unknown) => Promise<Ack<unknown>>,
): (this: ChatSocket, ...args: unknown[]) => void {
  return function (this: ChatSocket, ...args: unknown[]) {
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    const payload = args.length === 1 ? args[0] : args;
    // With tracing on, a span per event up to its acknowledgement (the send's SQL and jobs nest in it).
    void inSpan(event, () => handler(this, payload), ackError).then((result) =>
      answer(ack, result),
    );
  };
}

const ackError = (result: Ack<unknown>): string | undefined =>
  result.ok ? undefined : result.error.code;

/** An event outside the contract gets an error acknowledgement, not silence until timeout. */
function refuseUnknownEvents(packet: unknown[], next: (error?: Error) => void): void {
  const [event, ...args] = packet;
  if (typeof event === 'string' && CLIENT_EVENTS.has(event)) return next();
  answer(args.at(-1), {
    ok: false,
    error: { code: 'VALIDATION', message: `unknown event "${String(event)}"` },
  });
}

/**
 * The handler of every client event, by name: the map type makes each one answer with its
 * event's acknowledgement type (`ClientEventMap`), and leaves none out.
 */
type ClientEventHandlers = {
  [E in ClientEvent]: (socket: ChatSocket, payload: unknown) => Promise<Ack<ClientEventResult<E>>>;
};

const disconnect = (socket: ChatSocket) => socket.disconnect(true);

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
    private readonly metrics: MetricsService,
    private readonly slowConsumers: SlowConsumers,
    private readonly feed: SocketEventFeed,
  ) {}

  afterInit(server: ChatServer): void {
    this.publisher.attach(server);
    this.slowConsumers.watch(server);
    this.feed.attach(server);
    new Gauge({
      name: 'chat_sockets_connected',
      help: 'Authenticated sockets connected to this process',
      registers: [this.metrics.registry],
      collect() {
        this.set(server.sockets.sockets.size);
      },
    });
    // Client events are bound here rather than with @SubscribeMessage, which builds an RxJS
    // pipeline per event per socket (memory the relay does not spend, at 10,000 sockets) and
    // runs Nest's context machinery on every message. The listeners are shared by every socket:
    // nothing is allocated per socket but the subscriptions themselves.
    const handlers: ClientEventHandlers = {
      [SocketEvent.MessageSend]: (socket, payload) => this.onMessageSend(socket, payload),
      [SocketEvent.Typing]: (socket, payload) => this.onTyping(socket, payload),
      [SocketEvent.ConversationRead]: (socket, payload) => this.onRead(socket, payload),
      [SocketEvent.ConversationDelivered]: (socket, payload) => this.onDelivered(socket, payload),
    };
    const onSend = listener(SocketEvent.MessageSend, handlers[SocketEvent.MessageSend]);
    const onTyping = listener(SocketEvent.Typing, handlers[SocketEvent.Typing]);
    const onRead = listener(SocketEvent.ConversationRead, handlers[SocketEvent.ConversationRead]);
    const onDelivered = listener(
      SocketEvent.ConversationDelivered,
      handlers[SocketEvent.ConversationDelivered],
    );
    server.on('connection', (socket) => {
      socket.use(refuseUnknownEvents);
      socket.on(SocketEvent.MessageSend, onSend);
      socket.on(SocketEvent.Typing, onTyping);
      socket.on(SocketEvent.ConversationRead, onRead);
      socket.on(SocketEvent.ConversationDelivered, onDelivered);
    });
    // Runs before `connect` reaches the client, so a connected client is already in its rooms.
    server.use((socket, next) => {
      this.authenticate(socket).then(
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
    socket.data.expiry = setTimeout(disconnect, Math.max(0, expiresInMs), socket);
    return this.presence.connected(socket.data.user.id, socket.id);
  }

  handleDisconnect(socket: ChatSocket): Promise<void> {
    clearTimeout(socket.data.expiry);
    // A socket refused in the handshake never had a user.
    const user = socket.data.user as AuthUser | undefined;
    return user ? this.presence.disconnected(user.id, socket.id) : Promise.resolve();
  }

  private onMessageSend(socket: ChatSocket, payload: unknown): Promise<Ack<MessageDto>> {
    // Sender order: one socket's sends to a conversation are validated, counted and queued for
    // the group commit in the order they arrived, so they are numbered in that order even when
    // the client does not wait for each acknowledgement. The next send waits only for this one's
    // place in line, not for its commit.
    const key =
      isRecord(payload) && typeof payload.conversationId === 'string' ? payload.conversationId : '';
    const queued = this.sendQueue(socket).run(key, () =>
      handleEvent(SendMessageEventDto, payload, ({ conversationId, ...input }) =>
        this.messages.queueSend(conversationId, socket.data.user.id, input),
      ),
    );
    return queued.then((ack) =>
      ack.ok ? settleEvent(ack.data.result.then((r) => r.message)) : ack,
    );
  }

  private sendQueue(socket: ChatSocket): KeyedSerialQueue {
    let queue = this.sendQueues.get(socket);
    if (!queue) this.sendQueues.set(socket, (queue = new KeyedSerialQueue()));
    return queue;
  }

  private onTyping(socket: ChatSocket, payload: unknown): Promise<Ack<null>> {
    return handleEvent(TypingEventDto, payload, async ({ conversationId, isTyping }) => {
      const userId = socket.data.user.id;
      // Room membership mirrors conversation membership (moved live), so no query is needed.
      if (!socket.rooms.has(conversationRoom(conversationId))) {
        throw new NotFoundException('conversation not found');
      }
      // Starts and stops are counted apart, so the stop that follows a start always passes and
      // no indicator lingers; a flood of either is refused.
      // With Redis away the count cannot be kept: typing is a hint, so it goes through (the
      // broadcast is best effort too) rather than leaving an indicator that never stops.
      await this.withinLimit({
        key: `typing${isTyping ? '' : '-stop'}:${userId}:${conversationId}`,
        limit: this.config.RATE_LIMIT_TYPING_PER_SECOND,
        windowMs: 1_000,
      }).catch((error: unknown) => {
        if (!isDependencyDown(error)) throw error;
      });
      socket
        .to(conversationRoom(conversationId))
        .emit(SocketEvent.Typing, { conversationId, userId, isTyping });
      return null;
    });
  }

  private onRead(socket: ChatSocket, payload: unknown): Promise<Ack<null>> {
    return handleEvent(ReadEventDto, payload, async ({ conversationId, seq }) => {
      await this.withinLimit(this.receipts(socket));
      await this.conversations.markRead(conversationId, socket.data.user.id, seq);
      return null;
    });
  }

  private onDelivered(socket: ChatSocket, payload: unknown): Promise<Ack<null>> {
    return handleEvent(DeliveredEventDto, payload, async ({ conversationId, seq }) => {
      // Room membership mirrors conversation membership: a non-member learns nothing.
      if (!socket.rooms.has(conversationRoom(conversationId))) {
        throw new NotFoundException('conversation not found');
      }
      await this.withinLimit(this.receipts(socket));
      await this.conversations.markDelivered(conversationId, socket.data.user.id, seq);
      return null;
    });
  }

  /** Read and delivered markers share one budget per person, across their sockets and instances. */
  private receipts(socket: ChatSocket): RateWindow {
    return {
      key: `receipts:${socket.data.user.id}`,
      limit: this.config.RATE_LIMIT_RECEIPTS_PER_MINUTE,
      windowMs: 60_000,
    };
  }

  /** Counts one event in the window (in Redis, so across instances), or refuses it uncounted. */
  private async withinLimit(window: RateWindow): Promise<void> {
    const refused = await this.limiter.hitAll([window]);
    if (refused) throw new RateLimitedException('too many events', refused.resetInMs);
  }

  private async authenticate(socket: ChatSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) throw new Error('no token');
    const claims = await this.auth.verifySocketToken(token);
    // Not needed once verified: the socket does not keep it for its lifetime.
    delete (socket.handshake.auth as Record<string, unknown>).token;
    socket.data.user = { id: claims.sub, username: claims.username, guest: claims.guest };
    socket.data.expiresAt = (claims.exp ?? 0) * 1000;
    // The slot is taken before anything else can fail, and given back if something does: a
    // check-then-register would let concurrent handshakes all pass the count.
    if (!(await this.presence.reserveSocket(claims.sub, socket.id))) throw new TooManySockets();
    try {
      const memberOf = await this.conversations.conversationIdsOf(claims.sub);
      // A widget visitor's socket hears its own conversation only, whatever else it joins later.
      const scope = claims.guest?.conversationId;
      const conversationIds = scope ? memberOf.filter((id) => id === scope) : memberOf;
      await socket.join([
        userRoom(claims.sub),
        ...(claims.sid ? [sessionRoom(claims.sid)] : []),
        ...conversationIds.map(conversationRoom),
      ]);
    } catch (error) {
      await this.presence.releaseSocket(claims.sub, socket.id);
      throw error;
    }
  }
}
