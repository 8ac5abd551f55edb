import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { SearchUsersQuery } from './dto/search-users.query';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UserDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The signed-in user's profile. */
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  getMe(@CurrentUser() me: AuthUser): Promise<UserDto> {
    return this.users.getUser(me.id);
  }

  /** Changes the signed-in user's display name and avatar. */
  @Patch('me')
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'A field is invalid' })
  updateMe(@CurrentUser() me: AuthUser, @Body() body: UpdateProfileDto): Promise<UserDto> {
    return this.users.updateProfile(me.id, body);
  }

  /** Finds people (and bots) by username or display name prefix, in username order. */
  @Get()
  @ApiOkResponse({ type: UserPageDto })
  searchUsers(@Query() query: SearchUsersQuery): Promise<UserPageDto> {
    return this.users.search(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such user' })
  getUser(@Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return this.users.getUser(id);
  }
}
