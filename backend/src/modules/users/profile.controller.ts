import { Body, Controller, Patch, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Cost, RequestCost } from '../../common/rate-limit/request-cost.decorator';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { MeDto, UserDto } from './dto/user.dto';
import { ProfileService } from './profile.service';

@ApiTags('users')
@ApiSignedIn()
@Controller('users')
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  /**
   * Changes the signed-in user's display name and avatar (`user:updated` tells who cares) or
   * email address (stored unverified; a verification link is mailed).
   */
  @RequestCost(Cost.light)
  @Patch('me')
  @ApiOperation({ summary: 'Update my display name, avatar or email address' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(400)
  updateMe(@CurrentUser() me: AuthUser, @Body() body: UpdateProfileDto): Promise<MeDto> {
    return this.profile.updateMe(me.id, body);
  }

  /** Sets an uploaded photo (multipart field `file`) as the avatar: square, public by design. */
  @RequestCost(Cost.upload)
  @Put('me/avatar')
  @ApiOperation({ summary: 'Upload my avatar' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'PNG, JPEG, GIF or WebP, 5 MiB' },
      },
      additionalProperties: false,
    },
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, { 429: 'Upload rate limit; see Retry-After' })
  uploadAvatar(@CurrentUser() me: AuthUser, @Req() req: Request): Promise<UserDto> {
    return this.profile.setAvatar(me.id, req);
  }
}
