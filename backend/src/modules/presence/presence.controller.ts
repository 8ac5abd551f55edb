import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { PresenceDto, PresenceEventDto, PresenceQuery } from './dto/presence.dto';
import { PresenceService } from './presence.service';

@ApiTags('presence')
@ApiSignedIn()
@ApiExtraModels(PresenceDto, PresenceEventDto)
@Controller('presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  /** Online status and last-seen time of people you share a conversation with. */
  @Get()
  @ApiOperation({ summary: 'Online status of people I share a conversation with' })
  @ApiOkResponse({
    description: 'By user id; people you share no conversation with are left out',
    schema: { type: 'object', additionalProperties: { $ref: getSchemaPath(PresenceDto) } },
  })
  @ApiErrors({ 400: 'userIds is missing, too long or not UUIDs' })
  getPresence(
    @CurrentUser() me: AuthUser,
    @Query() query: PresenceQuery,
  ): Promise<Record<string, PresenceDto>> {
    return this.presence.presenceOf(me.id, query.userIds);
  }
}
