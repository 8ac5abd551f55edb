import type { Request } from 'express';

/** The address the caller's browser used: its Origin header, else this request's own. */
export function requestOrigin(req: Request): string {
  const origin = req.headers.origin;
  if (origin && /^https?:\/\/[^/\s]+$/.test(origin)) return origin;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
