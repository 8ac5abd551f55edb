import { megabytes } from '../../modules/backup/progress';
import { RestoreService } from '../../modules/backup/restore.service';
import { type CliCommand, singleArchive } from '../cli-command';

export const restore: CliCommand = {
  name: 'restore',
  usage: '<file>',
  summary: 'load an archive into an EMPTY database and its storage',
  ownsSchema: true,
  check(args) {
    singleArchive(args);
  },
  async run(app, args, progress) {
    const source = singleArchive(args);
    const result = await app.get(RestoreService).restore(source, progress);
    const lines = [
      `restored ${source}: ${result.tables} tables, ${result.rows} rows, ${result.files} files (${megabytes(result.fileBytes)})`,
    ];
    if (result.migrated.length > 0) {
      lines.push(
        `then applied ${result.migrated.length} newer migrations: ${result.migrated.join(', ')}`,
      );
    }
    return lines;
  },
};
