import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { SNIFF_BYTES } from './file-type';

/** Room for the multipart boundaries and part headers around the file itself. */
const ENVELOPE_BYTES = 16 * 1024;

/** The one file of a `multipart/form-data` request, as it streams in. */
export interface IncomingFile {
  /** The client's file name, unsanitized. */
  filename: string;
  /** The client's Content-Type for the part: a claim, never trusted for images. */
  clientType: string;
  /** The first bytes (for sniffing), also the start of `body`. */
  head: Buffer;
  /** The whole file; errors with 413 past the limit, or when the request breaks off. */
  body: Readable;
  /** Bytes read from `body` so far. */
  received(): number;
}

export const tooLarge = (maxBytes: number) =>
  new PayloadTooLargeException(`the file is larger than ${maxBytes} bytes`);

/**
 * Streams the `file` field of a multipart request into `consume`, never holding more than a
 * chunk in memory. A missing or second file, another field, or a broken form is a 400; more
 * than `maxBytes` is a 413 (whatever `consume` stored must then be removed by it).
 */
export function receiveFile<T>(
  req: IncomingMessage,
  maxBytes: number,
  consume: (file: IncomingFile) => Promise<T>,
): Promise<T> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(
      new BadRequestException(['the body must be multipart/form-data with a file field']),
    );
  }
  if (Number(req.headers['content-length'] ?? 0) > maxBytes + ENVELOPE_BYTES) {
    return Promise.reject(tooLarge(maxBytes));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { files: 1, fields: 0, fileSize: maxBytes + 1, headerPairs: 20 },
    });
  } catch {
    return Promise.reject(new BadRequestException(['malformed multipart/form-data']));
  }

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let sawFile = false;
    let result: { value: T } | null = null;
    let parsed = false;
    let current: Readable | null = null;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      // Stop parsing; what is still arriving is read and dropped so the socket can answer.
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    const finish = () => {
      if (settled || !parsed || !result) return;
      settled = true;
      resolve(result.value);
    };

    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || sawFile) {
        stream.resume();
        fail(new BadRequestException(['send exactly one file, in the field named file']));
        return;
      }
      sawFile = true;
      current = stream;
      read(stream, maxBytes, info)
        .then(consume)
        .then(
          (value) => {
            result = { value };
            finish();
          },
          (error: Error) => {
            // Let busboy drain the rest of the part so the request can complete.
            stream.resume();
            fail(error);
          },
        );
    });
    const refuse = (what: string) => () => fail(new BadRequestException([what]));
    parser.on('field', refuse('only a file field is accepted'));
    parser.on('fieldsLimit', refuse('only a file field is accepted'));
    parser.on('filesLimit', refuse('send exactly one file, in the field named file'));
    parser.on('error', refuse('malformed multipart/form-data'));
    parser.on('close', () => {
      parsed = true;
      if (!sawFile) fail(new BadRequestException(['a file field is required']));
      else finish();
    });
    req.on('close', () => {
      if (req.complete) return;
      // The client went away mid-file: end the file with an error so its partial copy goes.
      const interrupted = new BadRequestException(['the upload was interrupted']);
      current?.destroy(interrupted);
      fail(interrupted);
    });
    req.pipe(parser);
  });
}

async function read(
  stream: Readable,
  maxBytes: number,
  info: busboy.FileInfo,
): Promise<IncomingFile> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const start: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    start.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(start);
  let received = 0;
  async function* all(): AsyncGenerator<Buffer> {
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) throw tooLarge(maxBytes);
      return chunk;
    };
    if (head.length) yield count(head);
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield count(next.value);
    }
  }
  return {
    filename: info.filename ?? '',
    clientType: info.mimeType ?? '',
    head: head.subarray(0, SNIFF_BYTES),
    body: Readable.from(all(), { objectMode: false }),
    received: () => received,
  };
}
