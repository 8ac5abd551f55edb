import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Cost, RequestCost } from '../../common/rate-limit/request-cost.decorator';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { SearchUsersQuery } from './dto/search-users.query';
import { MeDto, UserDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { GuestAllowed } from '../../common/guest-access';

@ApiTags('users')
@ApiSignedIn()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The signed-in user's profile. */
  @Get('me')
  @GuestAllowed()
  @ApiOperation({ summary: 'Get my profile' })
  @ApiOkResponse({ type: MeDto })
  getMe(@CurrentUser() me: AuthUser): Promise<MeDto> {
    return this.users.getMe(me.id);
  }

  // PATCH /users/me lives in ProfileController: telling people needs the conversations module.

  /** Finds people (and bots) by username or display name prefix, in username order. */
  @RequestCost(Cost.light)
  @Get()
  @ApiOperation({ summary: 'Search people and bots by name prefix' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(400)
  searchUsers(@Query() query: SearchUsersQuery): Promise<UserPageDto> {
    return this.users.search(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, { 404: 'No such user' })
  getUser(@UuidParam('id') id: string): Promise<UserDto> {
    return this.users.getUser(id);
  }
}
