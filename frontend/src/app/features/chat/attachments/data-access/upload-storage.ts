import { Injectable } from '@angular/core';
import { DBSchema, IDBPDatabase, openDB } from 'idb';

import { AttachmentDto } from '../../../../core/api/model';

/** A file chosen for the next message: its bytes until uploaded, then what the server made. */
export interface StoredUpload {
  readonly localId: string;
  readonly userId: string;
  readonly conversationId: string;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  /** Kept until the upload succeeded, so a reload can start it again. */
  readonly blob: Blob | null;
  readonly attachment: AttachmentDto | null;
  /** Choosing order. */
  readonly position: number;
}

interface UploadsSchema extends DBSchema {
  uploads: { key: string; value: StoredUpload; indexes: { 'by-user': string } };
}

/**
 * The files waiting to go with a message, in IndexedDB beside the outbox: a reload keeps them
 * (and restarts unfinished uploads). Without IndexedDB they live in memory for this page.
 */
@Injectable({ providedIn: 'root' })
export class UploadStorage {
  private readonly db: Promise<IDBPDatabase<UploadsSchema> | null> = openUploadsDb();
  private readonly memory = new Map<string, StoredUpload>();

  async list(userId: string): Promise<StoredUpload[]> {
    const db = await this.db;
    const all = db
      ? await db.getAllFromIndex('uploads', 'by-user', userId)
      : [...this.memory.values()].filter((u) => u.userId === userId);
    return all.sort((a, b) => a.position - b.position);
  }

  async put(upload: StoredUpload): Promise<void> {
    const db = await this.db;
    if (db) await db.put('uploads', upload);
    else this.memory.set(upload.localId, upload);
  }

  async delete(localId: string): Promise<void> {
    const db = await this.db;
    if (db) await db.delete('uploads', localId);
    else this.memory.delete(localId);
  }
}

async function openUploadsDb(): Promise<IDBPDatabase<UploadsSchema> | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    return await openDB<UploadsSchema>('chat-uploads', 1, {
      upgrade(db) {
        db.createObjectStore('uploads', { keyPath: 'localId' }).createIndex('by-user', 'userId');
      },
    });
  } catch {
    return null;
  }
}
