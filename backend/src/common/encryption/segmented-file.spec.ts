import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { KeyRing } from './key-ring';
import {
  decryptFileStream,
  encryptFileStream,
  FILE_MAGIC,
  FileDecryptionError,
  SEGMENT_BYTES,
  sealedFileKeyId,
} from './segmented-file';

const key = () => randomBytes(32).toString('base64');
const k1 = `k1:${key()}`;
const ring = KeyRing.fromSpec(k1);

/** Streams `data` in chunks of `chunk` bytes through `transform`; the bytes that came out. */
async function through(
  transform: NodeJS.ReadWriteStream,
  data: Buffer,
  chunk = 1000,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) parts.push(data.subarray(i, i + chunk));
  const out: Buffer[] = [];
  for await (const piece of Readable.from(parts).pipe(transform)) out.push(piece as Buffer);
  return Buffer.concat(out);
}
const seal = (data: Buffer, chunk?: number) => through(encryptFileStream(ring), data, chunk);
const open = (data: Buffer, r = ring, chunk?: number) => through(decryptFileStream(r), data, chunk);
/** Where the sealed segments start, after the header (`k1`: a 2-byte id). */
const HEADER = FILE_MAGIC.length + 1 + 2 + 8;
const SEALED_SEGMENT = SEGMENT_BYTES + 16;

describe('segmented file encryption', () => {
  it.each([0, 1, 1000, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 3 * SEGMENT_BYTES + 7])(
    'round-trips %i bytes, whatever the chunking, with no plaintext left in the output',
    async (size) => {
      const data = randomBytes(size);
      const sealed = await seal(data, 777);
      expect(sealed.subarray(0, FILE_MAGIC.length)).toEqual(FILE_MAGIC);
      const segments = Math.max(1, Math.ceil(size / SEGMENT_BYTES));
      expect(sealed.length).toBe(HEADER + size + 16 * segments);
      if (size >= 32) expect(sealed.includes(data.subarray(0, 32))).toBe(false);
      expect(await open(sealed, ring, 5000)).toEqual(data);
      expect(await open(sealed, ring, 333)).toEqual(data);
    },
  );

  it('reads with an older key still in the ring, and refuses once it is gone', async () => {
    const data = randomBytes(100_000);
    const sealed = await seal(data);
    expect(await open(sealed, KeyRing.fromSpec(`k2:${key()},${k1}`))).toEqual(data);
    await expect(open(sealed, KeyRing.fromSpec(`k2:${key()}`))).rejects.toThrow(/k1/);
  });

  it('detects a changed byte, a truncation at a segment boundary, a dropped or reordered segment', async () => {
    const data = randomBytes(3 * SEGMENT_BYTES + 10);
    const sealed = await seal(data);
    const segment = (i: number) =>
      sealed.subarray(HEADER + i * SEALED_SEGMENT, HEADER + (i + 1) * SEALED_SEGMENT);
    const header = sealed.subarray(0, HEADER);

    const flipped = Buffer.from(sealed);
    flipped[HEADER + 10] ^= 1;
    const cutAtBoundary = sealed.subarray(0, HEADER + 2 * SEALED_SEGMENT);
    const cutInside = sealed.subarray(0, sealed.length - 5);
    const dropped = Buffer.concat([
      header,
      segment(0),
      segment(2),
      sealed.subarray(HEADER + 3 * SEALED_SEGMENT),
    ]);
    const reordered = Buffer.concat([
      header,
      segment(1),
      segment(0),
      sealed.subarray(HEADER + 2 * SEALED_SEGMENT),
    ]);
    const otherHeader = Buffer.from(sealed);
    otherHeader[HEADER - 1] ^= 1;
    for (const bad of [flipped, cutAtBoundary, cutInside, dropped, reordered, otherHeader]) {
      await expect(open(bad)).rejects.toThrow(FileDecryptionError);
    }
    // The last segment of another file (same key) does not fit either.
    const other = await seal(randomBytes(10));
    const spliced = Buffer.concat([
      sealed.subarray(0, HEADER + 3 * SEALED_SEGMENT),
      other.subarray(HEADER),
    ]);
    await expect(open(spliced)).rejects.toThrow(FileDecryptionError);
  });

  it('passes a file stored before encryption through unchanged', async () => {
    for (const data of [Buffer.from('%PDF-1.7 plain'), Buffer.from('CHA'), Buffer.alloc(0)]) {
      expect(await open(data, ring, 2)).toEqual(data);
    }
  });

  it('names the key a stored file was sealed with, and none for a file from before', async () => {
    expect(sealedFileKeyId(await seal(Buffer.from('hello')))).toBe('k1');
    expect(sealedFileKeyId(await seal(Buffer.alloc(0)))).toBe('k1');
    expect(sealedFileKeyId(Buffer.from('%PDF-1.7 plain'))).toBeNull();
    expect(sealedFileKeyId(FILE_MAGIC)).toBeNull();
    expect(sealedFileKeyId(Buffer.alloc(0))).toBeNull();
  });
});
