import { contentDisposition, MAX_NAME_CHARS, sanitizeFileName } from './file-name';
import { declaredFileType, sniffImageType } from './file-type';

describe('sanitizeFileName', () => {
  it('keeps only the last path segment', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
  });

  it('drops NUL, control characters, lone surrogates and bidi overrides', () => {
    expect(sanitizeFileName('a\u0000b\u001fc\u007f\u0085.txt')).toBe('abc.txt');
    expect(sanitizeFileName('x\ud800y.png')).toBe('xy.png');
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('emoji 😀.png')).toBe('emoji 😀.png');
  });

  it('never yields an empty or hidden name', () => {
    expect(sanitizeFileName('')).toBe('file');
    expect(sanitizeFileName('\u0000')).toBe('file');
    expect(sanitizeFileName('../')).toBe('file');
    expect(sanitizeFileName('.htaccess')).toBe('htaccess');
  });

  it('cuts long names to 200 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.tar.gz`);
    expect(Array.from(name)).toHaveLength(MAX_NAME_CHARS);
    expect(name.endsWith('a.gz')).toBe(true);
    const emoji = sanitizeFileName(`${'😀'.repeat(250)}.png`);
    expect(Array.from(emoji)).toHaveLength(MAX_NAME_CHARS);
    expect(emoji.endsWith('😀.png')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'naïve "x".txt')).toBe(
      `attachment; filename="na_ve _x_.txt"; filename*=UTF-8''na%C3%AFve%20%22x%22.txt`,
    );
  });
});

describe('file types', () => {
  it('recognises images by their bytes only', () => {
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('ffd8ffe000', 'hex'))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(sniffImageType(Buffer.from('<html>'))).toBeNull();
  });

  it('labels downloads with a well-formed, non-image client type', () => {
    expect(declaredFileType('application/pdf')).toBe('application/pdf');
    expect(declaredFileType('text/plain; charset=utf-8')).toBe('text/plain');
    expect(declaredFileType('image/svg+xml')).toBe('application/octet-stream');
    expect(declaredFileType('bogus')).toBe('application/octet-stream');
    expect(declaredFileType(undefined)).toBe('application/octet-stream');
  });
});
