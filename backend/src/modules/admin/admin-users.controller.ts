import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, UuidParam } from '../../common/openapi';
import { apiActor } from '../audit/audit-action';
import { SearchUsersQuery } from '../users/dto/search-users.query';
import { UserDto, UserPageDto } from '../users/dto/user.dto';
import { AdminOnly } from '../users/server-admin.guard';
import { UsersService } from '../users/users.service';
import { AdminService } from './admin.service';
import { UpdateAdminUserDto } from './dto/update-admin-user.dto';

@ApiTags('admin')
@AdminOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly admin: AdminService,
  ) {}

  /** Everyone, deactivated people included, by username or display name prefix. */
  @Get()
  @ApiOperation({ summary: 'List and search the workspace’s users' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(400)
  listAdminUsers(@Query() query: SearchUsersQuery): Promise<UserPageDto> {
    return this.users.search(query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user’s server role, or deactivate / reactivate them' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, {
    404: 'No such user',
    409: 'It would leave no active admin (the last admin cannot demote or deactivate themself), or make a bot an admin',
  })
  updateAdminUser(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: UpdateAdminUserDto,
  ): Promise<UserDto> {
    return this.admin.updateUser(apiActor(me.id), id, body);
  }
}
