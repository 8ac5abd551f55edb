import { archiveTarget, pruneArchives } from '../../modules/backup/archive-names';
import { BackupService } from '../../modules/backup/backup.service';
import { megabytes } from '../../modules/backup/progress';
import { type CliArgs, type CliCommand, singleArchive, UsageError } from '../cli-command';

/** `--keep N`: only for a local folder (an S3 bucket expires objects by its lifecycle rules). */
function keepOf(args: CliArgs): number | undefined {
  const text = args.values.keep;
  if (text === undefined) return undefined;
  const keep = Number(text);
  if (!Number.isInteger(keep) || keep < 1 || keep > 10_000) {
    throw new UsageError('--keep: it must be a whole number from 1 to 10000');
  }
  const target = singleArchive(args);
  if (!target.endsWith('/') || target.startsWith('s3:')) {
    throw new UsageError('--keep needs a local folder ending in / (for S3, use a lifecycle rule)');
  }
  return keep;
}

export const backup: CliCommand = {
  name: 'backup',
  usage: '<file | folder/> [--keep N]',
  summary: 'write one archive of the database and the files (a path or s3://bucket/key)',
  options: ['keep'],
  check(args) {
    singleArchive(args);
    keepOf(args);
  },
  async run(app, args, progress) {
    const keep = keepOf(args);
    const target = archiveTarget(singleArchive(args), new Date());
    const result = await app.get(BackupService).backup(target, progress);
    const missing =
      result.missingFiles > 0 ? `, ${result.missingFiles} deleted during the backup` : '';
    const lines = [
      `backup written to ${target}: ${result.tables} tables, ${result.rows} rows, ${result.files} files (${megabytes(result.fileBytes)})${missing}; archive ${megabytes(result.archiveBytes)}`,
    ];
    if (keep !== undefined) {
      const removed = await pruneArchives(singleArchive(args), keep);
      lines.push(`removed ${removed} older archives, kept the newest ${keep}`);
    }
    return lines;
  },
};
