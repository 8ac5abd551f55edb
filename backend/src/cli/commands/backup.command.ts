import { BackupService } from '../../modules/backup/backup.service';
import { megabytes } from '../../modules/backup/progress';
import { type CliCommand, singleArchive } from '../cli-command';

export const backup: CliCommand = {
  name: 'backup',
  usage: '<file>',
  summary: 'write one archive of the database and the files (a path or s3://bucket/key)',
  check(args) {
    singleArchive(args);
  },
  async run(app, args, progress) {
    const target = singleArchive(args);
    const result = await app.get(BackupService).backup(target, progress);
    const missing =
      result.missingFiles > 0 ? `, ${result.missingFiles} deleted during the backup` : '';
    return [
      `backup written to ${target}: ${result.tables} tables, ${result.rows} rows, ${result.files} files (${megabytes(result.fileBytes)})${missing}; archive ${megabytes(result.archiveBytes)}`,
    ];
  },
};
