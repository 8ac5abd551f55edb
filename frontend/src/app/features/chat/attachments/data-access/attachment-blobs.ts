import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';

/** Object URLs kept at once; the oldest is released beyond this. */
const MAX_CACHED = 150;

/**
 * Attachment bytes as object URLs. Downloads are members-only and need the access token, which
 * an `<img src>` cannot send: the bytes come through HttpClient (the auth interceptor adds the
 * token) as a Blob, shown from an object URL. Stored files never change, so one fetch per URL.
 */
@Injectable({ providedIn: 'root' })
export class AttachmentBlobs {
  private readonly http = inject(HttpClient);
  private readonly cache = new Map<string, Promise<string>>();

  /** An object URL for the API path; rejects when the download fails (it is then retried). */
  objectUrl(path: string): Promise<string> {
    const cached = this.cache.get(path);
    if (cached) {
      // Most recently used last.
      this.cache.delete(path);
      this.cache.set(path, cached);
      return cached;
    }
    const loading = firstValueFrom(this.http.get(path, { responseType: 'blob' })).then((blob) =>
      URL.createObjectURL(blob),
    );
    loading.catch(() => this.cache.delete(path));
    this.cache.set(path, loading);
    this.evict();
    return loading;
  }

  /** Saves the file under its name (the download button and file chips). */
  async download(path: string, name: string): Promise<void> {
    const url = await this.objectUrl(path);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    link.click();
  }

  private evict(): void {
    while (this.cache.size > MAX_CACHED) {
      const [oldest, url] = this.cache.entries().next().value as [string, Promise<string>];
      this.cache.delete(oldest);
      void url.then((u) => URL.revokeObjectURL(u)).catch(() => undefined);
    }
  }
}
