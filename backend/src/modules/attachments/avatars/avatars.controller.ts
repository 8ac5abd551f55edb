import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, UuidParam } from '../../../common/openapi';
import { Public } from '../../../common/public.decorator';
import { contentDisposition } from '../file-name';
import { sendFile } from '../send-file';
import { AvatarsService } from './avatars.service';

/**
 * Profile photos, public by design: an avatar is shown to anyone who can see the user, and an
 * `<img>` sends no token. The version in the path changes with every upload.
 */
@ApiTags('users')
@Public()
@Controller('avatars')
export class AvatarsController {
  constructor(private readonly avatars: AvatarsService) {}

  @Get(':userId/:version')
  @ApiOperation({ summary: "Get a user's uploaded avatar" })
  @ApiParam({ name: 'version', schema: { type: 'string', pattern: '^[a-z0-9]{16}$' } })
  @ApiOkResponse({
    description: `A square WebP`,
    content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, { 404: 'No such avatar', 503: 'Storage is unreachable right now' })
  async getAvatar(
    @UuidParam('userId') userId: string,
    @Param('version') version: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const body = await this.avatars.open(userId, version);
    await sendFile(req, res, body, {
      contentType: 'image/webp',
      disposition: contentDisposition('inline', 'avatar.webp'),
      etag: `"${version}"`,
      cacheControl: 'public, max-age=31536000, immutable',
    });
  }
}
