import { BlindIndex, KeyRing } from './key-ring';

/**
 * What the application needs to store data encrypted: the key ring for values and files, and the
 * blind index for search. Off (no `ENCRYPTION_KEYS`): `enabled` is false, the ring writes
 * plaintext and `index` is null.
 */
export class AtRestEncryption {
  constructor(
    readonly ring: KeyRing,
    readonly index: BlindIndex | null,
  ) {}

  static fromEnv(env: {
    ENCRYPTION_KEYS?: string;
    ENCRYPTION_INDEX_KEY?: string;
  }): AtRestEncryption {
    const ring = KeyRing.fromSpec(env.ENCRYPTION_KEYS);
    const index =
      ring.enabled && env.ENCRYPTION_INDEX_KEY
        ? BlindIndex.fromBase64(env.ENCRYPTION_INDEX_KEY)
        : null;
    return new AtRestEncryption(ring, index);
  }

  get enabled(): boolean {
    return this.ring.enabled;
  }
}
