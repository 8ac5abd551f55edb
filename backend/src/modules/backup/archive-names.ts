import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Archives the command names itself: `chat-20261207T031700Z.tar`, sortable by name. */
const OWN_NAME = /^chat-\d{8}T\d{6}Z\.tar$/;

/**
 * A target ending in `/` (a folder, or an S3 prefix) gets a timestamped archive name, so a
 * schedule (the chart's CronJob) writes a new archive each run.
 */
export function archiveTarget(target: string, now: Date): string {
  if (!target.endsWith('/')) return target;
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${target}chat-${stamp}.tar`;
}

/** Deletes all but the newest `keep` archives of ours in a local folder; answers how many. */
export async function pruneArchives(folder: string, keep: number): Promise<number> {
  const ours = (await readdir(folder)).filter((name) => OWN_NAME.test(name)).sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const name of old) await rm(join(folder, name));
  return old.length;
}
