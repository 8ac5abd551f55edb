import { ApiProperty } from '@nestjs/swagger';
import { DATA_EXPORT_STATUSES, type DataExportStatus } from '../data-export.entity';

/** Where the person's latest data export stands. */
export class DataExportDto {
  @ApiProperty({
    enum: [...DATA_EXPORT_STATUSES, 'none'],
    description: '`none`: never asked for; `expired`: the archive has been deleted',
  })
  status: DataExportStatus | 'none';

  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent done while `running`' })
  progress: number;

  @ApiProperty({
    required: false,
    description:
      'The download link while `ready` (works without signing in, until `expiresAt`); ' +
      'the same link the mail carries',
  })
  url?: string;

  @ApiProperty({ required: false, type: String, format: 'date-time' })
  expiresAt?: string;

  @ApiProperty({ required: false, description: 'Size of the ZIP in bytes, once ready' })
  size?: number;

  @ApiProperty({
    description:
      'Whether a mail tells the person when it is ready: false when mail is off (no ' +
      'SMTP_URL) or they have no verified address',
  })
  mailed: boolean;
}
