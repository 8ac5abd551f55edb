import { Controller, Delete, Get, HttpCode, HttpStatus, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../../common/openapi';
import { ListSavedQuery, SavedPageDto } from './saved.dto';
import { SavedService } from './saved.service';

const NOT_VISIBLE = 'No such message, or the caller is not a member of its conversation';

@ApiTags('saved')
@ApiSignedIn()
@ApiErrors(400)
@Controller()
export class SavedController {
  constructor(private readonly saved: SavedService) {}

  /** Saves a message for later; nobody else sees it. */
  @Put('messages/:id/save')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Save a message for later' })
  @ApiNoContentResponse({ description: 'Saved' })
  @ApiErrors({ 404: NOT_VISIBLE })
  saveMessage(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.saved.save(id, me.id);
  }

  @Delete('messages/:id/save')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a message from my saved ones' })
  @ApiNoContentResponse({ description: 'Not saved' })
  @ApiErrors({ 404: NOT_VISIBLE })
  unsaveMessage(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.saved.unsave(id, me.id);
  }

  /** My saved messages, most recently saved first (only in conversations I am still in). */
  @Get('saved')
  @ApiOperation({ summary: 'List my saved messages' })
  @ApiOkResponse({ type: SavedPageDto })
  listSaved(@CurrentUser() me: AuthUser, @Query() query: ListSavedQuery): Promise<SavedPageDto> {
    return this.saved.list(me.id, query);
  }
}
