import { BadRequestException, Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { GuestAllowed } from '../../common/guest-access';
import { ApiErrors, ApiSignedIn, UuidParam } from '../../common/openapi';
import { ConversationEventStream } from './conversation-event-stream';

const SEQ = /^\d{1,15}$/;

@ApiTags('conversations')
@ApiSignedIn()
@Controller('conversations')
export class ConversationEventsController {
  constructor(private readonly stream: ConversationEventStream) {}

  @Get(':id/events')
  @GuestAllowed('id')
  @ApiOperation({
    summary: "Follow a conversation's events (Server-Sent Events)",
    description:
      'The socket events of this conversation, with the same names and payloads, as a `text/event-stream` for clients without Socket.IO (`curl -N`, EventSource). `message:new` carries `id: <seq>`; send `Last-Event-ID` to resume after it with no gap and no duplicate. The stream ends when the token expires or the caller leaves the conversation.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The last `seq` received: the stream starts with the messages after it',
  })
  @ApiOkResponse({
    description: 'An endless event stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrors(400, 429, { 404: 'No such conversation, or the caller is not a member' })
  async streamConversationEvents(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (lastEventId !== undefined && !SEQ.test(lastEventId)) {
      throw new BadRequestException(['Last-Event-ID must be a seq (a whole number)']);
    }
    // The global guard accepted this bearer token; the stream's socket presents it again.
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    await this.stream.follow(
      {
        conversationId: id,
        userId: me.id,
        token,
        afterSeq: lastEventId === undefined ? undefined : Number(lastEventId),
      },
      req,
      res,
    );
  }
}
