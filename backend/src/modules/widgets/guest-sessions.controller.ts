import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, UuidParam } from '../../common/openapi';
import { Public } from '../../common/public.decorator';
import { CreateGuestSessionDto, GuestSessionDto } from './dto/widget.dto';
import { GuestSessionsService } from './guest-sessions.service';

@ApiTags('widgets')
@Controller('widget')
export class GuestSessionsController {
  constructor(private readonly sessions: GuestSessionsService) {}

  @Post(':id/sessions')
  @Public()
  @ApiOperation({
    summary: "Start (or renew) a widget visitor's session",
    description:
      "Called by widget.js from a shop page: the `Origin` header must be one of the widget's `allowedOrigins`. Without `guestToken`, makes a guest and their conversation with the widget's bot (201); with it, renews that guest's token (200).",
  })
  @ApiCreatedResponse({ type: GuestSessionDto, description: 'A new visitor' })
  @ApiOkResponse({ type: GuestSessionDto, description: 'The same visitor, renewed' })
  @ApiErrors(400, 429, 503, {
    401: "The guest token is not (or no longer) one of this widget's visitors",
    403: "The page's origin is not allowed for this widget",
    404: 'No such widget',
  })
  async createGuestSession(
    @UuidParam('id') id: string,
    @Body() body: CreateGuestSessionDto,
    @Headers('origin') origin: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GuestSessionDto> {
    const { created, session } = await this.sessions.start(id, origin, req.ip ?? '', body);
    res.status(created ? 201 : 200);
    return session;
  }
}
