import { HttpErrorResponse } from '@angular/common/http';

import { message } from '../../data-access/chat.testing';
import { attachment } from './attachments.testing';
import {
  displayBox,
  formatSize,
  sendingFilesLabel,
  uploadError,
  withAttachment,
} from './attachment-files';

describe('attachment files', () => {
  it('formats sizes for people', () => {
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(900)).toBe('900 bytes');
    expect(formatSize(2048)).toBe('2.0 KB');
    expect(formatSize(350 * 1024)).toBe('350 KB');
    expect(formatSize(25 * 1024 * 1024)).toBe('25 MB');
  });

  it('labels a message of files alone while it is sent', () => {
    expect(sendingFilesLabel(0)).toBe('');
    expect(sendingFilesLabel(1)).toBe('📎 1 file');
    expect(sendingFilesLabel(3)).toBe('📎 3 files');
  });

  it('says why an upload failed', () => {
    const http = (status: number, error: unknown = null) =>
      new HttpErrorResponse({ status, error });
    expect(uploadError(http(413))).toBe('Too large: the limit is 25 MB.');
    expect(uploadError(http(429))).toMatch(/Too many uploads/);
    expect(uploadError(http(400, { message: ['a file field is required'] }))).toBe(
      'Not accepted: a file field is required.',
    );
    expect(uploadError(http(0))).toBe('No connection. Try again.');
    expect(uploadError(new Error('x'))).toBe('Upload failed. Try again.');
  });

  it('reserves a box with the image proportions, never larger than 240 px', () => {
    expect(displayBox({ width: 800, height: 600 })).toEqual({ width: 240, height: 180 });
    expect(displayBox({ width: 100, height: 400 })).toEqual({ width: 60, height: 240 });
    expect(displayBox({ width: 20, height: 10 })).toEqual({ width: 20, height: 10 });
    expect(displayBox({ width: null, height: null })).toEqual({ width: 240, height: 160 });
  });

  it('applies attachment:updated to the message that carries the file', () => {
    const before = message(1, { attachments: [attachment(), attachment({ id: 'a-2' })] });
    const ready = attachment({ status: 'ready', width: 10, height: 10, thumbnailUrl: '/t' });
    const after = withAttachment(before, ready);
    expect(after.attachments).toEqual([ready, attachment({ id: 'a-2' })]);
    const untouched = message(3);
    expect(withAttachment(untouched, ready)).toBe(untouched);
  });
});
