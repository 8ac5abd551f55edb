import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';

/**
 * The access-token secret as a KeyObject, made once at startup. Given a string, jsonwebtoken
 * first tries to parse it as a PEM public key (which throws) and then builds a secret key, on
 * every sign and every verify: about 25 us a request on Node 24, 350 us on Node 20.
 */
export function accessTokenKey(config: AppConfig): KeyObject {
  return createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
}
