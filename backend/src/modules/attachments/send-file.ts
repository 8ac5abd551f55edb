import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileHeaders {
  contentType: string;
  /** `inline` only for sniffed images and thumbnails the server made. */
  disposition: string;
  /** Stored bytes never change: the ETag names them for good. */
  etag: string;
  cacheControl: string;
  length?: number;
}

/**
 * Sends stored bytes with headers that stop a browser from treating them as anything but
 * what the server decided (nosniff, a sandboxing CSP), or 304 when the client has them.
 */
export async function sendFile(
  req: Request,
  res: Response,
  body: Readable,
  headers: FileHeaders,
): Promise<void> {
  res.setHeader('ETag', headers.etag);
  res.setHeader('Cache-Control', headers.cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  const known = req.headers['if-none-match'];
  if (known && known.split(',').some((tag) => tag.trim().replace(/^W\//, '') === headers.etag)) {
    body.destroy();
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', headers.contentType);
  res.setHeader('Content-Disposition', headers.disposition);
  if (headers.length !== undefined) res.setHeader('Content-Length', String(headers.length));
  res.status(200);
  await pipeline(body, res).catch(() => {
    // The client went away or storage broke mid-stream: the connection closes, nothing to add.
    res.destroy();
  });
}
