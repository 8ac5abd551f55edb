import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi';
import { AdminOnly } from '../users/server-admin.guard';
import { AuditService } from './audit.service';
import { AuditPageDto } from './dto/audit-event.dto';
import { ListAuditQuery } from './dto/list-audit.query';

@ApiTags('admin')
@AdminOnly()
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** There is deliberately no route that changes or removes an event. */
  @Get()
  @ApiOperation({ summary: 'Page through the audit log, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors(400)
  listAuditEvents(@Query() query: ListAuditQuery): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
