import { Injectable, Logger } from '@nestjs/common';
import type { MessageDto } from '../dto/message.dto';

export type CommittedMessageListener = (message: MessageDto) => void;

/**
 * Where other features learn about a message this process just committed and announced (link
 * previews, push notifications), without reaching into the send path. Listeners run on the send
 * path's tick, so they must be synchronous and cheap: buffer, then do the work off it. A listener
 * that throws is logged and never fails the send.
 */
@Injectable()
export class CommittedMessages {
  private readonly logger = new Logger(CommittedMessages.name);
  private readonly listeners: CommittedMessageListener[] = [];

  subscribe(listener: CommittedMessageListener): void {
    this.listeners.push(listener);
  }

  publish(message: MessageDto): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error(`a committed-message listener failed: ${String(error)}`);
      }
    }
  }
}
