import type { Request } from 'express';
import type { SessionClient } from './sessions.repository';

/** The device and address of a request (the address through trusted proxies only). */
export const sessionClient = (req: Request): SessionClient => ({
  userAgent: req.headers['user-agent'] ?? null,
  ip: req.ip ?? null,
});
