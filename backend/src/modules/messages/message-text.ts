import { Injectable, Logger } from '@nestjs/common';
import { AtRestEncryption } from '../../common/encryption/at-rest-encryption';
import { ENCRYPTED_PREFIX } from '../../common/encryption/key-ring';
import { openMessageText, sealMessageText } from '../../common/encryption/message-body';

/** What a reader sees in place of a body that does not decrypt (tampered, or its key removed). */
export const UNREADABLE = 'unreadable: this message could not be decrypted';

/**
 * Message text at rest, for this module's repositories: they seal every body they write and
 * open every body they read, so everything above them (services, views, bots, previews) works
 * on plaintext. With `ENCRYPTION_KEYS` unset both are the identity.
 */
@Injectable()
export class MessageText {
  private readonly logger = new Logger(MessageText.name);

  constructor(private readonly encryption: AtRestEncryption) {}

  get sealing(): boolean {
    return this.encryption.enabled;
  }

  seal(text: string, conversationId: string): string {
    return sealMessageText(this.encryption.ring, text, conversationId);
  }

  /**
   * A row with its body readable. A body that does not decrypt is never an error for the whole
   * page: it reads as null with `failureReason` saying why, and the cause is logged.
   */
  open<T extends { id: string; conversationId: string; body: string | null }>(row: T): T {
    // Off, nothing is opened: a person may well type a body that starts like a sealed one.
    if (!this.sealing || row.body === null || !row.body.startsWith(ENCRYPTED_PREFIX)) return row;
    try {
      return { ...row, body: openMessageText(this.encryption.ring, row.body, row.conversationId) };
    } catch (error) {
      this.logger.error(
        `message ${row.id} does not decrypt: ${error instanceof Error ? error.message : String(error)}`,
      );
      return { ...row, body: null, failureReason: UNREADABLE };
    }
  }

  openAll<T extends { id: string; conversationId: string; body: string | null }>(rows: T[]): T[] {
    return rows.map((row) => this.open(row));
  }
}
