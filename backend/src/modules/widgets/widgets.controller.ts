import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, UuidParam } from '../../common/openapi';
import { AppConfig } from '../../config/app-config';
import { apiActor } from '../audit/audit-action';
import { AdminOnly } from '../users/server-admin.guard';
import { CreateWidgetDto, UpdateWidgetDto, WidgetDto } from './dto/widget.dto';
import { WidgetsService } from './widgets.service';

/** The widgets' snippets point at PUBLIC_URL, else at the address the admin's browser used. */
export function publicBaseUrl(config: AppConfig, req: Request): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/$/, '');
  const origin = req.headers.origin;
  if (origin && /^https?:\/\/[^/\s]+$/.test(origin)) return origin;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

@ApiTags('widgets')
@AdminOnly()
@Controller('widgets')
export class WidgetsController {
  constructor(
    private readonly widgets: WidgetsService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a chat widget for a shop (audited)' })
  @ApiCreatedResponse({ type: WidgetDto })
  @ApiErrors(400)
  createWidget(
    @CurrentUser() me: AuthUser,
    @Body() body: CreateWidgetDto,
    @Req() req: Request,
  ): Promise<WidgetDto> {
    return this.widgets.create(apiActor(me.id), body, publicBaseUrl(this.config, req));
  }

  @Get()
  @ApiOperation({ summary: 'List the chat widgets' })
  @ApiOkResponse({ type: [WidgetDto] })
  listWidgets(@Req() req: Request): Promise<WidgetDto[]> {
    return this.widgets.list(publicBaseUrl(this.config, req));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a chat widget (audited)' })
  @ApiOkResponse({ type: WidgetDto })
  @ApiErrors(400, { 404: 'No such widget' })
  updateWidget(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: UpdateWidgetDto,
    @Req() req: Request,
  ): Promise<WidgetDto> {
    return this.widgets.update(apiActor(me.id), id, body, publicBaseUrl(this.config, req));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a chat widget (audited); its visitors keep their history until they expire',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, { 404: 'No such widget' })
  deleteWidget(@CurrentUser() me: AuthUser, @UuidParam('id') id: string): Promise<void> {
    return this.widgets.delete(apiActor(me.id), id);
  }
}
