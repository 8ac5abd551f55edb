import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HttpException,
  HttpStatus,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { io, type Socket } from 'socket.io-client';
import { isDependencyDown, UNAVAILABLE_RETRY_SECONDS } from '../../common/dependency-failure';
import type { MessageDto } from '../messages/dto/message.dto';
import { MessagesService } from '../messages/messages.service';

const PAGE = 100;
/** On a resume, bot answers this close before Last-Event-ID are sent again (see below). */
const RESEND_WINDOW = 10;
const HEARTBEAT_MS = 25_000;
/** A client that reads slower than this much is behind is let go (it resumes by Last-Event-ID). */
const MAX_BUFFERED_BYTES = 1_048_576;

interface Follow {
  conversationId: string;
  userId: string;
  /** The caller's bearer token: the stream's socket authenticates exactly as the caller. */
  token: string;
  /** Last-Event-ID: resume after this seq; undefined starts with what happens next. */
  afterSeq: number | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The handshake's refusal as the HTTP answer a client of this route expects. */
function refusal(message: string): HttpException {
  if (message === 'unauthorized') return new UnauthorizedException('invalid or expired token');
  if (message === 'too many connections') {
    return new HttpException('too many connections for this user', HttpStatus.TOO_MANY_REQUESTS);
  }
  return new ServiceUnavailableException('the event stream is unavailable: retry later');
}

/**
 * A conversation's socket events as Server-Sent Events, for clients without Socket.IO (curl,
 * EventSource). Each stream holds one Socket.IO connection to this very process, authenticated
 * with the caller's own token: it gets exactly the events, rooms and lifetime a socket of the
 * caller would (every instance's events through the Redis adapter, membership changes, the
 * end at token expiry), without a second delivery path to keep correct.
 *
 * `message:new` carries `id: <seq>`, and only it, so Last-Event-ID only ever moves forward. The
 * stream never skips a seq: messages missed before the socket joined (a resume) or between two
 * live ones (a gap) are read from the database first; a seq already written is never repeated.
 */
@Injectable()
export class ConversationEventStream {
  constructor(
    private readonly messages: MessagesService,
    private readonly http: HttpAdapterHost,
  ) {}

  async follow(input: Follow, req: Request, res: Response): Promise<void> {
    const { conversationId, userId } = input;
    // Membership first (404 for anyone else), and where the stream starts.
    const newest = await this.messages.list(conversationId, userId, { limit: 1 });
    let lastSeq = input.afterSeq ?? newest.items.at(-1)?.seq ?? 0;
    const resendFrom = input.afterSeq === undefined ? null : Math.max(0, lastSeq - RESEND_WINDOW);

    const socket = await this.connect(input.token);
    const queue: [string, unknown][] = [];
    let writing = Promise.resolve();
    let open = true;
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      socket.disconnect();
      res.end();
    };
    /**
     * A read that failed ends the stream with an `error` event saying why: "unavailable" (a
     * dependency is down: reconnect with Last-Event-ID after retryAfterMs) or "internal".
     */
    const fail = (error: unknown) => {
      if (!open) return;
      res.write(
        isDependencyDown(error)
          ? `event: error\ndata: ${JSON.stringify({ reason: 'unavailable', retryAfterMs: UNAVAILABLE_RETRY_SECONDS * 1000 })}\n\n`
          : `event: error\ndata: ${JSON.stringify({ reason: 'internal' })}\n\n`,
      );
      end();
    };

    const write = (event: string, payload: unknown, id?: number) => {
      if (!open) return;
      res.write(
        `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`,
      );
      if (res.writableLength > MAX_BUFFERED_BYTES) end();
    };
    /** Every message after lastSeq up to the newest, in seq order. */
    const catchUp = async () => {
      for (;;) {
        const page = await this.messages.list(conversationId, userId, {
          afterSeq: lastSeq,
          limit: PAGE,
        });
        for (const m of page.items) {
          write('message:new', m, m.seq);
          lastSeq = m.seq;
        }
        if (!page.hasMore || !open) return;
      }
    };
    const handle = async (event: string, payload: unknown) => {
      if (event === 'message:new') {
        const m = payload as MessageDto;
        if (m.seq <= lastSeq) return;
        if (m.seq > lastSeq + 1) return catchUp();
        write(event, m, m.seq);
        lastSeq = m.seq;
        return;
      }
      write(event, payload);
      if (event === 'conversation:removed') end();
    };

    socket.onAny((event: string, payload: unknown) => {
      if (!isRecord(payload) || payload.conversationId !== conversationId) return;
      queue.push([event, payload]);
      writing = writing
        .then(async () => {
          const next = queue.shift();
          if (next && open) await handle(...next);
        })
        .catch(fail);
    });
    socket.on('disconnect', end);
    req.on('close', end);

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    // nginx and similar proxies would otherwise hold the stream back in their buffers.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);

    // Live events wait in the queue (the socket joined its rooms before connecting) while the
    // missed ones are written, so none falls between the two.
    writing = writing
      .then(async () => {
        if (resendFrom !== null) {
          // An answer streaming when the connection dropped may have finished since: its final
          // text comes again as message:updated (clients replace a message by id).
          const recent = await this.messages.list(conversationId, userId, {
            afterSeq: resendFrom,
            limit: RESEND_WINDOW,
          });
          for (const m of recent.items) {
            if (m.seq <= lastSeq && m.kind === 'bot') write('message:updated', m);
          }
        }
        await catchUp();
      })
      .catch(fail);
  }

  private connect(token: string): Promise<Socket> {
    const socket = io(this.ownUrl(), {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        socket.disconnect();
        reject(refusal(error.message));
      });
    });
  }

  /** This process's own listening address, as a client reaches it. */
  private ownUrl(): string {
    const server = this.http.httpAdapter.getHttpServer() as Server;
    const address = server.address() as AddressInfo;
    const host = ['::', '0.0.0.0', ''].includes(address.address)
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
    return `http://${host}:${address.port}`;
  }
}
