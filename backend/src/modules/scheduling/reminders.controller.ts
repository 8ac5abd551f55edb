import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { RemindDto, ReminderDto, ReminderListDto } from './dto/scheduled.dto';
import { RemindersService } from './reminders.service';

@ApiTags('reminders')
@ApiSignedIn()
@ApiErrors(400)
@Controller()
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  /** At `at`, the reminders bot sends the caller a direct message linking to this message. */
  @Post('messages/:id/remind')
  @ApiOperation({ summary: 'Remind me about a message' })
  @ApiCreatedResponse({ type: ReminderDto })
  @ApiErrors({
    404: 'No such message, or the caller is not a member of its conversation',
    409: 'at is not in the next year',
  })
  remindMe(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: RemindDto,
  ): Promise<ReminderDto> {
    return this.reminders.remind(id, me.id, body.at);
  }

  @Get('reminders')
  @ApiOperation({ summary: 'List my pending reminders' })
  @ApiOkResponse({ type: ReminderListDto })
  async listReminders(@CurrentUser() me: AuthUser): Promise<ReminderListDto> {
    return { items: await this.reminders.list(me.id) };
  }

  @Delete('reminders/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Cancel a reminder' })
  @ApiNoContentResponse({ description: 'Cancelled (or already was)' })
  @ApiErrors({ 404: 'No such reminder of the caller', 409: 'Already sending, sent or failed' })
  cancelReminder(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.reminders.cancel(id, me.id);
  }
}
