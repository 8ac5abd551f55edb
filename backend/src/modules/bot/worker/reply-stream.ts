import type { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { SocketEvent } from '../../realtime/contract/socket-event';

/** At most this many `message:delta` events per second per reply (~20/s). */
export const DELTA_INTERVAL_MS = 50;

/**
 * Collects a reply as it is written and streams it to the conversation: the first chunk goes
 * out at once (people see the bot start), later ones are coalesced to one event per interval.
 */
export class ReplyStream {
  private text = '';
  private pending = '';
  private timer?: NodeJS.Timeout;
  private sentAny = false;

  constructor(
    private readonly realtime: RealtimePublisher,
    private readonly conversationId: string,
    private readonly messageId: string,
    private readonly onFirstDelta: () => void,
  ) {}

  get written(): string {
    return this.text;
  }

  push(chunk: string): void {
    if (!chunk) return;
    this.text += chunk;
    this.pending += chunk;
    if (!this.sentAny) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), DELTA_INTERVAL_MS);
  }

  /** Sends what is pending now; call before the final `message:updated`. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return;
    this.realtime.toConversation(this.conversationId, SocketEvent.MessageDelta, {
      conversationId: this.conversationId,
      messageId: this.messageId,
      delta: this.pending,
    });
    this.pending = '';
    if (!this.sentAny) {
      this.sentAny = true;
      this.onFirstDelta();
    }
  }

  /** Drops what is pending (the attempt failed; the next one starts over). */
  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = '';
  }
}
