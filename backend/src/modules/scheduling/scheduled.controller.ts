import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import {
  EditScheduledDto,
  ListScheduledQuery,
  ScheduledMessageDto,
  ScheduledMessageListDto,
} from './dto/scheduled.dto';
import { ScheduledMessagesService } from './scheduled-messages.service';

/** The caller's scheduled messages (they are made by `POST /conversations/:id/messages` with `sendAt`). */
@ApiTags('scheduled')
@ApiSignedIn()
@ApiErrors(400, { 404: 'No such scheduled message of the caller' })
@Controller('scheduled')
export class ScheduledController {
  constructor(private readonly scheduled: ScheduledMessagesService) {}

  @Get()
  @ApiOperation({ summary: 'List my pending scheduled messages' })
  @ApiOkResponse({ type: ScheduledMessageListDto })
  async listScheduled(
    @CurrentUser() me: AuthUser,
    @Query() query: ListScheduledQuery,
  ): Promise<ScheduledMessageListDto> {
    return { items: await this.scheduled.list(me.id, query.conversationId) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit the text or time of a scheduled message' })
  @ApiOkResponse({ type: ScheduledMessageDto })
  @ApiErrors({ 409: 'Already sending, sent, failed or cancelled; or sendAt not in the next year' })
  editScheduled(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: EditScheduledDto,
  ): Promise<ScheduledMessageDto> {
    return this.scheduled.edit(id, me.id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Cancel a scheduled message' })
  @ApiNoContentResponse({ description: 'Cancelled (or already was)' })
  @ApiErrors({ 409: 'Already sending, sent or failed' })
  cancelScheduled(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.scheduled.cancel(id, me.id);
  }
}
