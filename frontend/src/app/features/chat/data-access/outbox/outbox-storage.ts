import { Injectable } from '@angular/core';
import { DBSchema, IDBPDatabase, openDB } from 'idb';

/** A thread reply's place: its root, and whether it also shows in the conversation. */
export interface OutboxThreadTarget {
  readonly rootId: string;
  readonly alsoToConversation: boolean;
}

/** A message the user wrote, kept until the server acknowledges it (or the user discards it). */
export interface OutboxEntry {
  /** Sent with every attempt, so a retry can never store the message twice. */
  readonly clientMessageId: string;
  /** Whose outbox: another user signing in on this browser never sends it. */
  readonly userId: string;
  readonly conversationId: string;
  readonly body: string;
  readonly replyToId: string | null;
  /** A reply in a thread (absent for the conversation itself, and in entries from before threads). */
  readonly thread?: OutboxThreadTarget;
  /** Files uploaded before the message was sent: every retry sends the same ones. */
  readonly attachmentIds?: readonly string[];
  readonly createdAt: string;
  /** Typing order: a conversation's messages are sent in this order. */
  readonly position: number;
  /** `failed`: the server refused it for good; it waits for Retry or Discard. */
  readonly state: 'pending' | 'failed';
  readonly error: string | null;
}

/** Text typed in a conversation's box and not sent yet. */
export interface DraftEntry {
  readonly userId: string;
  readonly conversationId: string;
  readonly text: string;
}

interface OutboxSchema extends DBSchema {
  entries: { key: string; value: OutboxEntry; indexes: { 'by-user': string } };
  drafts: { key: [string, string]; value: DraftEntry; indexes: { 'by-user': string } };
}

const DB_NAME = 'chat-outbox';

/**
 * The outbox's IndexedDB store, shared by the tabs of this browser. Without IndexedDB (a
 * browser that refuses it), messages are kept in memory: they still go out, just not across a
 * reload.
 */
@Injectable({ providedIn: 'root' })
export class OutboxStorage {
  private readonly db: Promise<IDBPDatabase<OutboxSchema> | null> = openOutboxDb();
  private readonly memory = new Map<string, OutboxEntry>();
  private readonly memoryDrafts = new Map<string, DraftEntry>();

  /** The user's entries in typing order. */
  async list(userId: string): Promise<OutboxEntry[]> {
    const db = await this.db;
    const entries = db
      ? await db.getAllFromIndex('entries', 'by-user', userId)
      : [...this.memory.values()].filter((entry) => entry.userId === userId);
    return entries.sort((a, b) => a.position - b.position);
  }

  async get(clientMessageId: string): Promise<OutboxEntry | undefined> {
    const db = await this.db;
    return db ? db.get('entries', clientMessageId) : this.memory.get(clientMessageId);
  }

  async put(entry: OutboxEntry): Promise<void> {
    const db = await this.db;
    if (db) await db.put('entries', entry);
    else this.memory.set(entry.clientMessageId, entry);
  }

  async delete(clientMessageId: string): Promise<void> {
    const db = await this.db;
    if (db) await db.delete('entries', clientMessageId);
    else this.memory.delete(clientMessageId);
  }

  /** Forgets everything the user had not sent: they signed out. */
  async clear(userId: string): Promise<void> {
    const db = await this.db;
    if (!db) {
      for (const entry of this.memory.values()) {
        if (entry.userId === userId) this.memory.delete(entry.clientMessageId);
      }
      return;
    }
    const tx = db.transaction('entries', 'readwrite');
    for await (const cursor of tx.store.index('by-user').iterate(userId)) await cursor.delete();
    await tx.done;
  }

  /** The user's drafts, one per conversation. */
  async listDrafts(userId: string): Promise<DraftEntry[]> {
    const db = await this.db;
    return db
      ? db.getAllFromIndex('drafts', 'by-user', userId)
      : [...this.memoryDrafts.values()].filter((draft) => draft.userId === userId);
  }

  /** Keeps a draft; an empty one is deleted. */
  async putDraft(draft: DraftEntry): Promise<void> {
    const db = await this.db;
    const key = `${draft.userId}\n${draft.conversationId}`;
    if (draft.text === '') {
      if (db) await db.delete('drafts', [draft.userId, draft.conversationId]);
      else this.memoryDrafts.delete(key);
    } else if (db) {
      await db.put('drafts', draft);
    } else {
      this.memoryDrafts.set(key, draft);
    }
  }

  /** Forgets the user's drafts: they signed out. */
  async clearDrafts(userId: string): Promise<void> {
    const db = await this.db;
    if (!db) {
      for (const [key, draft] of this.memoryDrafts) {
        if (draft.userId === userId) this.memoryDrafts.delete(key);
      }
      return;
    }
    const tx = db.transaction('drafts', 'readwrite');
    for await (const cursor of tx.store.index('by-user').iterate(userId)) await cursor.delete();
    await tx.done;
  }
}

async function openOutboxDb(): Promise<IDBPDatabase<OutboxSchema> | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    return await openDB<OutboxSchema>(DB_NAME, 2, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('entries', { keyPath: 'clientMessageId' }).createIndex(
            'by-user',
            'userId',
          );
        }
        if (oldVersion < 2) {
          db.createObjectStore('drafts', { keyPath: ['userId', 'conversationId'] }).createIndex(
            'by-user',
            'userId',
          );
        }
      },
    });
  } catch {
    return null;
  }
}
