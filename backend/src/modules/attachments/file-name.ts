export const MAX_NAME_CHARS = 200;
/** An extension longer than this is not kept whole when the name is cut. */
const MAX_EXTENSION_CHARS = 20;

/**
 * A file name safe to store and to echo back in Content-Disposition: the last path segment,
 * without control characters (NUL, C0, C1, bidi overrides), lone surrogates or leading dots,
 * at most 200 characters with the extension kept. Empty after that: `file`.
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  const chars = Array.from(last.normalize('NFC')).filter((c) => {
    const code = c.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
    // Lone surrogates (Array.from keeps pairs together) and bidi controls that disguise names.
    if (code >= 0xd800 && code <= 0xdfff) return false;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return false;
    return true;
  });
  let name = chars.join('').trim().replace(/^\.+/, '').trim();
  if (!name) return 'file';
  const all = Array.from(name);
  if (all.length <= MAX_NAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keep = extension.length <= MAX_EXTENSION_CHARS ? extension : [];
  name = all.slice(0, MAX_NAME_CHARS - keep.length).join('') + keep.join('');
  return name;
}

/** `Content-Disposition` for a stored name: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
