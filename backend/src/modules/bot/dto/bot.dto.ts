import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto';

/** A bot this server offers: its user, plus what it does. */
export class BotDto extends UserDto {
  @ApiProperty({ example: 'Clothing and shoe size advice' })
  description: string;

  @ApiProperty({
    description:
      'Whether the bot can answer on this server: false for a bot that needs a language model on a server without one (it then only says that it cannot answer)',
  })
  available: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Not connected to a model',
    description: 'Why the bot is not available, for people; null when it is',
  })
  unavailableReason: string | null;
}
