import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class StartOidcQuery {
  @ApiPropertyOptional({
    description: 'An invite that admits a new person when registration needs one',
    minLength: 1,
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  inviteToken?: string;
}

export class OidcRedirectDto {
  @ApiProperty({
    description: 'The identity provider’s authorization URL: navigate the browser to it',
  })
  url: string;
}

export class OidcLinkDto {
  @ApiProperty({ description: 'The provider’s name as the sign-in button shows it (OIDC_LABEL)' })
  label: string;

  @ApiProperty({ description: 'Whether my account is linked to the provider' })
  linked: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The email the provider reported for the linked identity',
  })
  email: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  linkedAt: string | null;

  @ApiProperty({
    description: 'Whether my account has a password: without one, unlinking is refused',
  })
  hasPassword: boolean;
}
