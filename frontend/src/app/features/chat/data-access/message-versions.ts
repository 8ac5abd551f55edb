import { MessageDto } from '../../../core/api/model';

/**
 * The more recent of two copies of a message, the known one and one from an answer that may
 * have left the server before the events we have applied: a tombstone stays a tombstone, an
 * edit is not undone, a finished bot reply does not go back to streaming, and a streaming one
 * keeps the text its deltas brought (the server stores the text only at the end).
 */
export function newerMessage(known: MessageDto, incoming: MessageDto): MessageDto {
  if (known.deletedAt !== null && incoming.deletedAt === null) return known;
  if (incoming.deletedAt !== null && known.deletedAt === null) return incoming;
  if (incoming.status === 'streaming') {
    if (known.status === 'complete') return known;
    if (known.status === 'streaming' && (known.body ?? '').length > (incoming.body ?? '').length) {
      return known;
    }
  }
  const editedAt = (m: MessageDto) => (m.editedAt === null ? 0 : Date.parse(m.editedAt));
  return editedAt(known) > editedAt(incoming) ? known : incoming;
}
