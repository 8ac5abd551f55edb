import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A 6-digit TOTP code, or (where accepted) a recovery code `xxxx-xxxx-xxxx`. */
export const CODE = /^(\d{6}|[A-Za-z2-7]{4}[- ]?[A-Za-z2-7]{4}[- ]?[A-Za-z2-7]{4})$/;

export class TwoFactorStatusDto {
  @ApiProperty({ description: 'Sign-in asks for a code after the password' })
  enabled: boolean;
}

export class TwoFactorSetupDto {
  @ApiProperty({
    description: 'The base32 secret, for typing into an authenticator; shown this once',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret: string;

  @ApiProperty({
    description: 'The same as an `otpauth://totp/...` URI, for a QR code',
    example: 'otpauth://totp/Chat:alice?secret=JBSWY3DPEHPK3PXP&issuer=Chat',
  })
  otpauthUrl: string;
}

export class EnableTwoFactorDto {
  @ApiProperty({ description: 'A current code from the authenticator', pattern: '^\\d{6}$' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: '10 single-use codes for when the authenticator is lost; shown this once',
    example: ['abcd-efgh-ijkl'],
  })
  recoveryCodes: string[];
}

export class TwoFactorCodeField {
  @ApiProperty({
    description: 'A 6-digit code from the authenticator, or an unused recovery code',
    pattern: CODE.source,
  })
  @IsString()
  @Matches(CODE, { message: 'code must be 6 digits or a recovery code' })
  code: string;
}

export class DisableTwoFactorDto extends TwoFactorCodeField {
  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  password: string;
}

export class TwoFactorChallengeDto {
  @ApiProperty({ enum: [true], description: 'The password was right; now a code is needed' })
  twoFactorRequired: true;

  @ApiProperty({
    description: 'Pass to POST /auth/login/2fa with the code, within 5 minutes',
    maxLength: 100,
  })
  challengeToken: string;
}
