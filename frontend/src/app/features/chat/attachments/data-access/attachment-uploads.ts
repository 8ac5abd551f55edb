import { HttpEventType } from '@angular/common/http';
import { computed, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Subscription } from 'rxjs';

import { AttachmentsService } from '../../../../core/api/attachments/attachments.service';
import { AttachmentDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { newClientMessageId } from '../../data-access/outbox/outbox';
import { formatSize, MAX_ATTACHMENTS, MAX_UPLOAD_BYTES, uploadError } from './attachment-files';
import { StoredUpload, UploadStorage } from './upload-storage';

/** A file in the composer's tray. */
export interface PendingUpload {
  readonly localId: string;
  readonly conversationId: string;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly state: 'uploading' | 'ready' | 'failed';
  /** 0..1 while uploading. */
  readonly progress: number;
  readonly error: string | null;
  readonly attachment: AttachmentDto | null;
}

/**
 * The files chosen for the next message of each conversation. Each uploads at once, with its
 * progress; it can be cancelled or removed; a refusal says why. Until its upload succeeded the
 * file's bytes stay in IndexedDB, so a reload starts it again. `take` hands the uploaded ids to
 * the message being sent (which then goes through the outbox with them).
 */
@Injectable({ providedIn: 'root' })
export class AttachmentUploads {
  private readonly api = inject(AttachmentsService);
  private readonly storage = inject(UploadStorage);
  private readonly session = inject(SessionStore);

  private readonly all = signal<readonly PendingUpload[]>([]);
  private readonly running = new Map<string, Subscription>();
  private userId: string | null = null;
  private lastPosition = 0;

  constructor() {
    const userId = computed(() => this.session.user()?.id ?? null);
    effect(() => {
      const id = userId();
      untracked(() => void this.switchUser(id));
    });
  }

  /** The conversation's tray, in choosing order. */
  forConversation(conversationId: string): readonly PendingUpload[] {
    return this.all().filter((u) => u.conversationId === conversationId);
  }

  /** Whether a message can go now: something is attached and nothing is still uploading. */
  readyToSend(conversationId: string): boolean {
    const tray = this.forConversation(conversationId);
    return tray.some((u) => u.state === 'ready') && !tray.some((u) => u.state === 'uploading');
  }

  isUploading(conversationId: string): boolean {
    return this.forConversation(conversationId).some((u) => u.state === 'uploading');
  }

  /** Starts uploading the files; ones over the limit show as failed right away. */
  async add(conversationId: string, files: readonly File[]): Promise<void> {
    const userId = this.userId;
    if (userId === null) return;
    const room = MAX_ATTACHMENTS - this.forConversation(conversationId).length;
    for (const [index, file] of files.entries()) {
      const upload: StoredUpload = {
        localId: newClientMessageId(),
        userId,
        conversationId,
        name: file.name || 'file',
        size: file.size,
        type: file.type,
        blob: file,
        attachment: null,
        position: this.nextPosition(),
      };
      if (index >= room) {
        this.show(upload, 'failed', `At most ${MAX_ATTACHMENTS} files per message.`);
      } else if (file.size > MAX_UPLOAD_BYTES) {
        this.show(upload, 'failed', `Too large: the limit is ${formatSize(MAX_UPLOAD_BYTES)}.`);
      } else {
        this.show(upload, 'uploading');
        await this.storage.put(upload).catch(() => undefined);
        this.start(upload);
      }
    }
  }

  /** Cancels an upload under way, or takes a file out of the tray. */
  remove(localId: string): void {
    this.running.get(localId)?.unsubscribe();
    this.running.delete(localId);
    this.all.update((list) => list.filter((u) => u.localId !== localId));
    void this.storage.delete(localId).catch(() => undefined);
  }

  /** The uploaded files' ids for the message being sent; the tray empties. */
  take(conversationId: string): string[] {
    const tray = this.forConversation(conversationId);
    const ids = tray.flatMap((u) => (u.state === 'ready' && u.attachment ? [u.attachment.id] : []));
    for (const upload of tray) if (upload.state !== 'uploading') this.remove(upload.localId);
    return ids;
  }

  private start(upload: StoredUpload): void {
    const file =
      upload.blob instanceof File
        ? upload.blob
        : new File([upload.blob ?? new Blob()], upload.name, { type: upload.type });
    const subscription = this.api
      .uploadAttachment(
        upload.conversationId,
        { file },
        { observe: 'events', reportProgress: true },
      )
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) {
            const progress = event.total ? event.loaded / event.total : 0;
            this.patch(upload.localId, { progress });
          } else if (event.type === HttpEventType.Response && event.body) {
            const attachment = event.body;
            this.patch(upload.localId, { state: 'ready', progress: 1, attachment });
            // Uploaded: the bytes are no longer needed on this device.
            void this.storage.put({ ...upload, blob: null, attachment }).catch(() => undefined);
          }
        },
        error: (error: unknown) => {
          this.running.delete(upload.localId);
          this.patch(upload.localId, { state: 'failed', error: uploadError(error) });
          void this.storage.delete(upload.localId).catch(() => undefined);
        },
        complete: () => this.running.delete(upload.localId),
      });
    this.running.set(upload.localId, subscription);
  }

  private async switchUser(id: string | null): Promise<void> {
    if (id === this.userId) return;
    for (const subscription of this.running.values()) subscription.unsubscribe();
    this.running.clear();
    this.all.set([]);
    this.userId = id;
    if (id === null) return;
    const stored = await this.storage.list(id).catch(() => [] as StoredUpload[]);
    if (this.userId !== id) return;
    for (const upload of stored) {
      this.lastPosition = Math.max(this.lastPosition, upload.position);
      if (upload.attachment) {
        this.all.update((list) => [...list, toPending(upload, 'ready', null)]);
      } else if (upload.blob) {
        // Interrupted by a reload: start again.
        this.show(upload, 'uploading');
        this.start(upload);
      }
    }
  }

  private show(upload: StoredUpload, state: PendingUpload['state'], error: string | null = null) {
    this.all.update((list) => [...list, toPending(upload, state, error)]);
  }

  private patch(localId: string, change: Partial<PendingUpload>): void {
    this.all.update((list) => list.map((u) => (u.localId === localId ? { ...u, ...change } : u)));
  }

  private nextPosition(): number {
    this.lastPosition = Math.max(Date.now(), this.lastPosition + 1);
    return this.lastPosition;
  }
}

function toPending(
  upload: StoredUpload,
  state: PendingUpload['state'],
  error: string | null,
): PendingUpload {
  return {
    localId: upload.localId,
    conversationId: upload.conversationId,
    name: upload.name,
    size: upload.size,
    type: upload.type,
    state,
    progress: state === 'ready' ? 1 : 0,
    error,
    attachment: upload.attachment,
  };
}
