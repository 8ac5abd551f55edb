import { Body, Controller, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UserDto } from './dto/user.dto';
import { ProfileService } from './profile.service';

@ApiTags('users')
@ApiSignedIn()
@Controller('users')
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  /** Changes the signed-in user's display name and avatar; `user:updated` tells who cares. */
  @Patch('me')
  @ApiOperation({ summary: 'Update my display name or avatar' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400)
  updateMe(@CurrentUser() me: AuthUser, @Body() body: UpdateProfileDto): Promise<UserDto> {
    return this.profile.update(me.id, body);
  }
}
