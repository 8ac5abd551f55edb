import type { RedisClient } from '../redis/redis.module';

/**
 * Whether `work` settles within `ms`. Shutdown waits for BullMQ's graceful close only this long:
 * a client still reconnecting to a Redis that went away and came back can keep it waiting for
 * ever, and a process that never finishes closing is worse than a dropped connection.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Says goodbye to Redis, or drops the connection when the goodbye takes over a second. */
export async function quitOrDrop(connection: RedisClient): Promise<void> {
  if (!(await settlesWithin(connection.quit(), 1_000))) connection.disconnect();
}
