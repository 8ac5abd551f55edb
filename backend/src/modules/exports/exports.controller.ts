import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, ErrorResponseDto, UuidParam } from '../../common/openapi';
import { Public } from '../../common/public.decorator';
import { Cost, RequestCost } from '../../common/rate-limit/request-cost.decorator';
import { DataExportsService } from './data-exports.service';
import { DataExportDto } from './dto/data-export.dto';
import { DownloadExportQuery } from './dto/download-export.query';

@ApiTags('users')
@Controller()
export class ExportsController {
  constructor(private readonly exports: DataExportsService) {}

  @Post('users/me/export')
  // Builds a whole archive: the heaviest thing a person can ask for.
  @RequestCost(Cost.heavy)
  @ApiSignedIn()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Export my data',
    description:
      'Starts building a ZIP of my profile, my conversations, my messages and the files I ' +
      'uploaded; when one is already being built, answers that one. Ready, it can be ' +
      'downloaded for 24 hours, and the link is mailed to a verified address.',
  })
  @ApiAcceptedResponse({ type: DataExportDto })
  startDataExport(@CurrentUser() me: AuthUser): Promise<DataExportDto> {
    return this.exports.start(me.id);
  }

  @Get('users/me/export')
  @ApiSignedIn()
  @ApiOperation({ summary: 'Where my latest data export stands' })
  @ApiOkResponse({ type: DataExportDto })
  getDataExport(@CurrentUser() me: AuthUser): Promise<DataExportDto> {
    return this.exports.status(me.id);
  }

  /** Public: the link works from a mail, in any browser, without signing in. */
  @Get('exports/:id/download')
  @Public()
  @ApiOperation({ summary: 'Download a data export by its link' })
  @ApiOkResponse({
    description: 'The ZIP',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, 503, { 404: 'No such export, not ready, or the token is not right' })
  @ApiResponse({
    status: 410,
    description: 'The export has expired and its archive is deleted',
    type: ErrorResponseDto,
  })
  async downloadDataExport(
    @UuidParam('id') id: string,
    @Query() query: DownloadExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { body, size, at } = await this.exports.open(id, query.token);
    res.setHeader('cache-control', 'private, no-store');
    return new StreamableFile(body, {
      type: 'application/zip',
      length: size,
      disposition: `attachment; filename="chat-export-${at.toISOString().slice(0, 10)}.zip"`,
    });
  }
}
