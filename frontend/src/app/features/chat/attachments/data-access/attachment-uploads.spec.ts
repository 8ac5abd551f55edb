import 'fake-indexeddb/auto';

import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { IDBFactory } from 'fake-indexeddb';
import { deserialize, serialize } from 'node:v8';

import { storeSession } from '../../../../core/auth/session.testing';
import { CONVERSATION_ID } from '../../data-access/chat.testing';
import { MAX_UPLOAD_BYTES } from './attachment-files';
import { attachment } from './attachments.testing';
import { AttachmentUploads } from './attachment-uploads';

globalThis.structuredClone ??= <T>(value: T): T => deserialize(serialize(value)) as T;

const URL = `/api/v1/conversations/${CONVERSATION_ID}/attachments`;

async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200; turn++) {
    TestBed.tick();
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('the condition never held');
}

describe('AttachmentUploads', () => {
  let uploads: AttachmentUploads;
  let http: HttpTestingController;

  function start(): void {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    uploads = TestBed.inject(AttachmentUploads);
    http = TestBed.inject(HttpTestingController);
    TestBed.tick();
  }

  const tray = () => uploads.forConversation(CONVERSATION_ID);
  const file = (name = 'photo.png', size = 10) =>
    new File([new Uint8Array(size)], name, { type: 'image/png' });

  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    localStorage.clear();
    storeSession();
    start();
  });

  it('uploads at once with progress; ready files go with the message and leave the tray', async () => {
    await uploads.add(CONVERSATION_ID, [file()]);
    const request = http.expectOne(URL);
    expect(request.request.body).toBeInstanceOf(FormData);
    expect(tray()).toEqual([expect.objectContaining({ state: 'uploading', name: 'photo.png' })]);
    expect(uploads.readyToSend(CONVERSATION_ID)).toBe(false);

    request.event({ type: HttpEventType.UploadProgress, loaded: 5, total: 10 });
    expect(tray()[0].progress).toBe(0.5);
    request.flush(attachment({ id: 'a-9' }));
    expect(tray()[0]).toMatchObject({ state: 'ready', attachment: { id: 'a-9' } });
    expect(uploads.readyToSend(CONVERSATION_ID)).toBe(true);

    expect(uploads.take(CONVERSATION_ID)).toEqual(['a-9']);
    expect(tray()).toEqual([]);
  });

  it('says why a file was refused: too large before uploading, or the server refusal', async () => {
    await uploads.add(CONVERSATION_ID, [file('big.bin', MAX_UPLOAD_BYTES + 1)]);
    http.expectNone(URL);
    expect(tray()[0]).toMatchObject({ state: 'failed', error: 'Too large: the limit is 25 MB.' });

    await uploads.add(CONVERSATION_ID, [file('x.png')]);
    http.expectOne(URL).flush({ message: 'too many uploads' }, { status: 429, statusText: 'x' });
    expect(tray()[1].state).toBe('failed');
    expect(tray()[1].error).toMatch(/Too many/);
    expect(uploads.take(CONVERSATION_ID)).toEqual([]);
  });

  it('cancels an upload under way', async () => {
    await uploads.add(CONVERSATION_ID, [file()]);
    const request = http.expectOne(URL);
    uploads.remove(tray()[0].localId);
    expect(request.cancelled).toBe(true);
    expect(tray()).toEqual([]);
  });

  it('keeps an unfinished file across a reload and uploads it again', async () => {
    await uploads.add(CONVERSATION_ID, [file('keep.png')]);
    http.expectOne(URL);

    start();
    await until(() => tray().length === 1);
    const again = http.expectOne(URL);
    expect((again.request.body as FormData).get('file')).toMatchObject({ name: 'keep.png' });
    again.flush(attachment({ id: 'a-2' }));
    expect(uploads.take(CONVERSATION_ID)).toEqual(['a-2']);
  });
});
