/**
 * Holds a lock shared by the browser's tabs for as long as this tab wants it: `granted` runs
 * once it is this tab's turn (at once for the first tab, on a tab's closing for the others).
 * Returns the function that lets go of it, or stops waiting for it. Without the Web Locks API
 * every tab holds it: sends are idempotent by client id, so that only risks the order in which
 * two tabs' messages interleave, never a duplicate.
 */
export function holdLock(name: string, granted: () => void): () => void {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks || typeof locks.request !== 'function') {
    granted();
    return () => undefined;
  }
  const abort = new AbortController();
  let release: () => void = () => undefined;
  locks
    .request(
      name,
      { signal: abort.signal },
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          granted();
        }),
    )
    // Aborted while waiting: nothing was held.
    .catch(() => undefined);
  return () => {
    abort.abort();
    release();
  };
}
