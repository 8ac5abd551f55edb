import { Controller, Delete, Get, HttpCode, HttpStatus, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../../common/openapi';
import { PinListDto } from './pins.dto';
import { PinsService } from './pins.service';

const NOT_VISIBLE = 'No such message or conversation, or the caller is not a member';

@ApiTags('pins')
@ApiSignedIn()
@ApiErrors(400, { 404: NOT_VISIBLE })
@Controller()
export class PinsController {
  constructor(private readonly pins: PinsService) {}

  /** Pins a message for everyone in its conversation; the room gets the "pinned" line. */
  @Put('messages/:id/pin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Pin a message' })
  @ApiNoContentResponse({ description: 'Pinned' })
  @ApiErrors({ 409: 'System lines and deleted messages cannot be pinned' })
  pinMessage(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.pins.pin(id, me.id);
  }

  @Delete('messages/:id/pin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unpin a message' })
  @ApiNoContentResponse({ description: 'Not pinned' })
  unpinMessage(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.pins.unpin(id, me.id);
  }

  @Get('conversations/:id/pins')
  @ApiOperation({ summary: "List a conversation's pinned messages" })
  @ApiOkResponse({ type: PinListDto })
  listPins(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<PinListDto> {
    return this.pins.list(id, me.id);
  }
}
