import { Controller, Delete, Get, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { SessionDto } from './dto/session.dto';
import { MySessionsService } from './my-sessions.service';

@ApiTags('auth')
@ApiSignedIn()
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: MySessionsService) {}

  @Get()
  @ApiOperation({ summary: 'List my signed-in devices' })
  @ApiOkResponse({ type: [SessionDto] })
  listSessions(@CurrentUser() me: AuthUser): Promise<SessionDto[]> {
    return this.sessions.list(me.id, me.sessionId);
  }

  /** Ends one session: its refresh token stops working and its sockets close at once. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out one of my devices' })
  @ApiNoContentResponse({ description: 'Ended' })
  @ApiErrors(400, { 404: 'No such session of yours' })
  endSession(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.sessions.end(me.id, id);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out all my other devices' })
  @ApiNoContentResponse({ description: 'Every session but this one ended' })
  endOtherSessions(@CurrentUser() me: AuthUser): Promise<void> {
    return this.sessions.endOthers(me.id, me.sessionId);
  }
}
