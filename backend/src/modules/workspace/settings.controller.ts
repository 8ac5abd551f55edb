import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors } from '../../common/openapi';
import { apiActor } from '../audit/audit-action';
import { AdminOnly } from '../users/server-admin.guard';
import { UpdateWorkspaceSettingsDto, WorkspaceSettingsDto } from './dto/workspace-settings.dto';
import { WorkspaceSettingsService } from './workspace-settings.service';

@ApiTags('admin')
@AdminOnly()
@Controller('admin/settings')
export class SettingsController {
  constructor(private readonly settings: WorkspaceSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Get the workspace settings' })
  @ApiOkResponse({ type: WorkspaceSettingsDto })
  getSettings(): Promise<WorkspaceSettingsDto> {
    return this.settings.get();
  }

  /** Changes the fields given; every change is recorded in the audit log. */
  @Patch()
  @ApiOperation({ summary: 'Change workspace settings' })
  @ApiOkResponse({ type: WorkspaceSettingsDto })
  @ApiErrors(400)
  updateSettings(
    @CurrentUser() me: AuthUser,
    @Body() body: UpdateWorkspaceSettingsDto,
  ): Promise<WorkspaceSettingsDto> {
    return this.settings.update(apiActor(me.id), body);
  }
}
