import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Encryption at rest (DESIGN section 14): AES-256-GCM from node:crypto with keys named by id.
 *
 * A stored value is `enc1:<keyId>:<base64url(iv | ciphertext | tag)>`, so the key that wrote it
 * travels with it: rotation re-encrypts values whose id is not the current one, and old keys stay
 * in the ring until nothing uses them. A value without the prefix is plaintext written before
 * encryption was turned on; it reads as it is and counts as needing (re-)encryption.
 *
 * `aad` binds a value to its place (for example the row's id), so a ciphertext copied into
 * another row does not decrypt there.
 */
export const ENCRYPTED_PREFIX = 'enc1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

export class EncryptionKeyError extends Error {}

export interface RingKey {
  id: string;
  key: Buffer;
}

/** Parses `id:base64key,...` (each key 32 bytes); the first one encrypts. Throws on any fault. */
export function parseKeys(spec: string): RingKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      const id = colon > 0 ? part.slice(0, colon) : '';
      if (!KEY_ID.test(id)) {
        throw new EncryptionKeyError(`key id "${id}" must be 1-16 letters, digits, _ or -`);
      }
      const key = Buffer.from(part.slice(colon + 1), 'base64');
      if (key.length !== KEY_BYTES) {
        throw new EncryptionKeyError(
          `key "${id}" must be 32 bytes of base64 (openssl rand -base64 32)`,
        );
      }
      return { id, key };
    });
  if (keys.length === 0) throw new EncryptionKeyError('no key given');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) {
    throw new EncryptionKeyError('key ids must be unique');
  }
  return keys;
}

/** The key id a stored value was written with; null for plaintext. */
export function keyIdOf(value: string): string | null {
  if (!value.startsWith(ENCRYPTED_PREFIX)) return null;
  const end = value.indexOf(':', ENCRYPTED_PREFIX.length);
  return end > 0 ? value.slice(ENCRYPTED_PREFIX.length, end) : null;
}

export class KeyRing {
  private readonly byId: Map<string, Buffer>;
  private readonly current: RingKey | null;

  /** `keys` empty: encryption is off; new values are written as they are. */
  constructor(keys: RingKey[]) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.current = keys[0] ?? null;
  }

  static fromSpec(spec: string | undefined): KeyRing {
    return new KeyRing(spec ? parseKeys(spec) : []);
  }

  get enabled(): boolean {
    return this.current !== null;
  }

  /** The id of the key that encrypts new values (null when off). */
  get currentKeyId(): string | null {
    return this.current?.id ?? null;
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  /** Encrypts with the current key; when encryption is off, returns the text as it is. */
  encrypt(plaintext: string, aad?: string): string {
    if (!this.current) return plaintext;
    return this.seal(this.current, Buffer.from(plaintext, 'utf8'), aad);
  }

  /** Reads a stored value: decrypts it with the key its id names, or returns plaintext as it is. */
  decrypt(stored: string, aad?: string): string {
    const id = keyIdOf(stored);
    if (id === null) return stored;
    const key = this.byId.get(id);
    if (!key)
      throw new EncryptionKeyError(
        `value encrypted with key "${id}", which is not in ENCRYPTION_KEYS`,
      );
    const packed = Buffer.from(stored.slice(ENCRYPTED_PREFIX.length + id.length + 1), 'base64url');
    if (packed.length < IV_BYTES + TAG_BYTES)
      throw new EncryptionKeyError('encrypted value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, IV_BYTES));
    decipher.setAuthTag(packed.subarray(packed.length - TAG_BYTES));
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    return Buffer.concat([
      decipher.update(packed.subarray(IV_BYTES, packed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** True when a stored value is not under the current key (plaintext included, when on). */
  needsRotation(stored: string): boolean {
    return this.current !== null && keyIdOf(stored) !== this.current.id;
  }

  /** The raw key for an id, for formats other than text (for example files in segments). */
  keyFor(id: string): Buffer {
    const key = this.byId.get(id);
    if (!key) throw new EncryptionKeyError(`key "${id}" is not in ENCRYPTION_KEYS`);
    return key;
  }

  private seal(key: RingKey, plaintext: Buffer, aad?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return `${ENCRYPTED_PREFIX}${key.id}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }
}

/**
 * Keyed hashes of normalized words (a blind index), with a key of their own: the database can
 * match whole words without holding them. 16 bytes of HMAC-SHA256, hex.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {
    if (key.length < KEY_BYTES) throw new EncryptionKeyError('the index key must be 32 bytes');
  }

  static fromBase64(value: string): BlindIndex {
    return new BlindIndex(Buffer.from(value, 'base64'));
  }

  hash(normalizedWord: string): string {
    return createHmac('sha256', this.key).update(normalizedWord, 'utf8').digest('hex').slice(0, 32);
  }
}
