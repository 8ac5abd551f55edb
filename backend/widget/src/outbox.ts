/** A question waiting to be sent: kept in localStorage until the server acknowledges it. */
export interface Pending {
  clientMessageId: string;
  body: string;
}

/**
 * What the visitor typed and the server has not acknowledged yet, in order. It survives a
 * reload; each entry keeps its clientMessageId, so sending it again never makes a second message.
 */
export class Outbox {
  constructor(private readonly key: string) {}

  all(): Pending[] {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(this.key) ?? '[]');
      return Array.isArray(stored) ? (stored as Pending[]) : [];
    } catch {
      return [];
    }
  }

  add(body: string): Pending {
    const pending = { clientMessageId: newId(), body };
    this.save([...this.all(), pending]);
    return pending;
  }

  remove(clientMessageId: string): void {
    this.save(this.all().filter((p) => p.clientMessageId !== clientMessageId));
  }

  private save(entries: Pending[]): void {
    try {
      localStorage.setItem(this.key, JSON.stringify(entries));
    } catch {
      // Storage full or blocked (private mode): the entry lives until the page closes.
    }
  }
}

/** A random id; crypto.randomUUID needs a secure context, which a shop on plain HTTP is not. */
function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `w${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
