import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../../common/openapi';
import { MessagePageDto } from '../dto/message.dto';
import {
  ListThreadQuery,
  ListThreadsQuery,
  MarkThreadReadDto,
  ThreadPageDto,
} from './dto/thread.dto';
import { ThreadsService } from './threads.service';

const NO_ROOT = 'No such message, or the caller is not a member of its conversation';

@ApiTags('threads')
@ApiSignedIn()
@ApiErrors(400)
@Controller()
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  /** The replies of a thread in ascending seq: the newest page, older than beforeSeq, or newer than afterSeq. */
  @Get('messages/:id/thread')
  @ApiOperation({ summary: "List a page of a thread's replies" })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiErrors({ 404: NO_ROOT })
  listThreadReplies(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Query() query: ListThreadQuery,
  ): Promise<MessagePageDto> {
    return this.threads.replies(id, me.id, query);
  }

  @Put('messages/:id/follow')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Follow a thread' })
  @ApiNoContentResponse({ description: 'Following' })
  @ApiErrors({ 404: NO_ROOT })
  followThread(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.threads.follow(id, me.id);
  }

  /** Stops following until the caller writes in the thread or is mentioned in it again. */
  @Delete('messages/:id/follow')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop following a thread' })
  @ApiNoContentResponse({ description: 'Not following' })
  @ApiErrors({ 404: NO_ROOT })
  unfollowThread(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.threads.unfollow(id, me.id);
  }

  /** Moves the caller's read marker in a followed thread forward (never back). */
  @Post('messages/:id/thread/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Move my read marker in a thread forward' })
  @ApiNoContentResponse({ description: 'Marked' })
  @ApiErrors({ 404: NO_ROOT })
  markThreadRead(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: MarkThreadReadDto,
  ): Promise<void> {
    return this.threads.markRead(id, me.id, body.seq);
  }

  /** The threads I follow, with my unread count in each: unread first, then newest reply. */
  @Get('threads')
  @ApiOperation({ summary: 'List the threads I follow' })
  @ApiOkResponse({ type: ThreadPageDto })
  listThreads(
    @CurrentUser() me: AuthUser,
    @Query() query: ListThreadsQuery,
  ): Promise<ThreadPageDto> {
    return this.threads.followed(me.id, query);
  }
}
