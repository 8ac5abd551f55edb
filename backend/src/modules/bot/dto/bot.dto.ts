import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto';

/** A bot this server offers: its user, plus what it does. */
export class BotDto extends UserDto {
  @ApiProperty({ example: 'Clothing and shoe size advice' })
  description: string;
}
