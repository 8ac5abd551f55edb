import { ApiProperty } from '@nestjs/swagger';
import { REGISTRATION_MODES, type RegistrationMode } from '../../../config/app-config';

/** What the sign-up page needs before anyone types: may one register here, and how. */
export class RegistrationInfoDto {
  @ApiProperty({
    enum: REGISTRATION_MODES,
    enumName: 'RegistrationMode',
    description: '`open`: anyone registers; `invite`: only with a valid invite; `closed`: nobody',
  })
  mode: RegistrationMode;

  @ApiProperty({ example: 'Acme' })
  workspaceName: string;
}
