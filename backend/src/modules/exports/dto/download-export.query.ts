import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class DownloadExportQuery {
  @ApiProperty({
    description: 'The token at the end of the download link',
    minLength: 1,
    maxLength: 100,
  })
  @IsString()
  @Length(1, 100)
  token: string;
}
