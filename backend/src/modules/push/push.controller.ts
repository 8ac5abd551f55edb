import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn } from '../../common/openapi';
import { Public } from '../../common/public.decorator';
import { PushConfigDto, PushEndpointDto, PushSubscriptionInputDto } from './dto/push.dto';
import { PushService } from './push.service';

@ApiTags('push')
@Controller('push')
export class PushController {
  constructor(private readonly push: PushService) {}

  /** The VAPID public key browsers subscribe with; null when this server sends no push. */
  @Get('config')
  @Public()
  @ApiOperation({ summary: 'Web Push configuration' })
  @ApiOkResponse({ type: PushConfigDto })
  getPushConfig(): PushConfigDto {
    return this.push.getConfig();
  }

  /** Stores this browser's subscription for the caller (one row per endpoint). */
  @Post('subscriptions')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiSignedIn()
  @ApiOperation({
    summary: 'Subscribe this browser to Web Push',
    description:
      'Upserts by endpoint: a browser that subscribes again, as anyone, replaces its row. The endpoint must be an https push service URL that the outbound gate lets the server reach.',
  })
  @ApiNoContentResponse({ description: 'Subscribed' })
  @ApiErrors(400, {
    409: 'The endpoint points at a private, internal or metadata address or another port (`code: ENDPOINT_NOT_ALLOWED`)',
  })
  subscribePush(
    @CurrentUser() me: AuthUser,
    @Body() body: PushSubscriptionInputDto,
  ): Promise<void> {
    return this.push.subscribe(me.id, body);
  }

  /** Removes the caller's subscription for this endpoint (no error when there is none). */
  @Delete('subscriptions')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiSignedIn()
  @ApiOperation({ summary: 'Unsubscribe this browser from Web Push' })
  @ApiNoContentResponse({ description: 'Unsubscribed (or was not subscribed)' })
  @ApiErrors(400)
  unsubscribePush(@CurrentUser() me: AuthUser, @Body() body: PushEndpointDto): Promise<void> {
    return this.push.unsubscribe(me.id, body.endpoint);
  }
}
