import { randomBytes } from 'node:crypto';
import { openMessageText, sealMessageText } from './message-body';
import { BlindIndex, EncryptionKeyError, keyIdOf, KeyRing, parseKeys } from './key-ring';

const key = () => randomBytes(32).toString('base64');

describe('KeyRing', () => {
  const a = key();
  const b = key();

  it('encrypts with the first key and names it beside the value', () => {
    const ring = KeyRing.fromSpec(`k2:${b},k1:${a}`);
    const stored = ring.encrypt('the quarterly numbers');
    expect(stored).toMatch(/^enc1:k2:/);
    expect(stored).not.toContain('quarterly');
    expect(keyIdOf(stored)).toBe('k2');
    expect(ring.decrypt(stored)).toBe('the quarterly numbers');
  });

  it('reads values written with an older key and says they need rotation', () => {
    const old = KeyRing.fromSpec(`k1:${a}`).encrypt('hello');
    const ring = KeyRing.fromSpec(`k2:${b},k1:${a}`);
    expect(ring.decrypt(old)).toBe('hello');
    expect(ring.needsRotation(old)).toBe(true);
    expect(ring.needsRotation(ring.encrypt('hello'))).toBe(false);
    expect(ring.needsRotation('plain text from before')).toBe(true);
  });

  it('passes plaintext through when off, and refuses a value whose key is gone', () => {
    const off = KeyRing.fromSpec(undefined);
    expect(off.enabled).toBe(false);
    expect(off.encrypt('x')).toBe('x');
    expect(off.needsRotation('x')).toBe(false);
    const stored = KeyRing.fromSpec(`k1:${a}`).encrypt('x');
    expect(() => off.decrypt(stored)).toThrow(EncryptionKeyError);
  });

  it('binds a value to its place: another aad or a changed byte does not decrypt', () => {
    const ring = KeyRing.fromSpec(`k1:${a}`);
    const stored = ring.encrypt('secret', 'message:1');
    expect(ring.decrypt(stored, 'message:1')).toBe('secret');
    expect(() => ring.decrypt(stored, 'message:2')).toThrow();
    const flipped = stored.slice(0, -2) + (stored.endsWith('A') ? 'B' : 'A') + stored.slice(-1);
    expect(() => ring.decrypt(flipped, 'message:1')).toThrow();
  });

  it('uses a fresh IV for each value', () => {
    const ring = KeyRing.fromSpec(`k1:${a}`);
    expect(ring.encrypt('same')).not.toBe(ring.encrypt('same'));
  });

  it.each([
    ['', /no key/],
    [`bad id!:${a}`, /key id/],
    [`k1:${randomBytes(16).toString('base64')}`, /32 bytes/],
    [`k1:${a},k1:${b}`, /unique/],
  ])('refuses the key list %j', (spec, message) => {
    expect(() => parseKeys(spec)).toThrow(message);
  });
});

describe('BlindIndex', () => {
  it('hashes a word the same way every time, and differently under another key', () => {
    const one = new BlindIndex(randomBytes(32));
    const two = new BlindIndex(randomBytes(32));
    expect(one.hash('invoice')).toBe(one.hash('invoice'));
    expect(one.hash('invoice')).toMatch(/^[0-9a-f]{32}$/);
    expect(one.hash('invoice')).not.toBe(two.hash('invoice'));
    expect(one.hash('invoice')).not.toBe(one.hash('invoices'));
  });
});

describe('message text', () => {
  it('opens only in the conversation it was sealed for', () => {
    const ring = KeyRing.fromSpec(`k1:${key()}`);
    const stored = sealMessageText(ring, 'lunch at noon', 'c1');
    expect(openMessageText(ring, stored, 'c1')).toBe('lunch at noon');
    expect(() => openMessageText(ring, stored, 'c2')).toThrow();
  });
});
