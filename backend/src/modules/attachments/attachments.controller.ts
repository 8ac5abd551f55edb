import { Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Cost, RequestCost } from '../../common/rate-limit/request-cost.decorator';
import { type AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApiErrors, ApiSignedIn, ErrorResponseDto, UuidParam } from '../../common/openapi';
import { AttachmentsService } from './attachments.service';
import { AttachmentDto, StorageUsageDto } from './dto/attachment.dto';
import { contentDisposition } from './file-name';
import { sendFile } from './send-file';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;
/** Members only and never changing: the browser keeps it, shared caches do not. */
const PRIVATE_FOREVER = 'private, max-age=31536000, immutable';

@ApiTags('attachments')
@ApiSignedIn()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Uploads one file (multipart field `file`) into a conversation, to attach to a message. */
  @RequestCost(Cost.upload)
  @Post('conversations/:id/attachments')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Upload an attachment' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
      additionalProperties: false,
    },
  })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiErrors(400, {
    404: 'No such conversation, or the caller is not a member',
    429: 'Upload rate limit; see Retry-After',
  })
  @ApiResponse({
    status: 413,
    description:
      "Larger than UPLOAD_MAX_BYTES, or than what is left of the uploader's quota (`code: QUOTA_EXCEEDED`)",
    type: ErrorResponseDto,
  })
  uploadAttachment(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Req() req: Request,
  ): Promise<AttachmentDto> {
    return this.attachments.upload(id, me.id, req);
  }

  /** What the caller's files take, against their quota. */
  @Get('users/me/storage')
  @ApiOperation({ summary: 'My storage usage and quota' })
  @ApiOkResponse({ type: StorageUsageDto })
  getMyStorageUsage(@CurrentUser() me: AuthUser): Promise<StorageUsageDto> {
    return this.attachments.storageUsage(me.id);
  }

  /** The file: images inline with their sniffed type, anything else as a download. */
  @Get('attachments/:id')
  @ApiOperation({ summary: 'Download an attachment' })
  @ApiOkResponse({
    description: 'The bytes: a sniffed image type for images, else application/octet-stream',
    content: {
      'application/octet-stream': BINARY,
      'image/png': BINARY,
      'image/jpeg': BINARY,
      'image/gif': BINARY,
      'image/webp': BINARY,
    },
  })
  @ApiErrors(400, { 404: 'No such attachment, or the caller is not a member of its conversation' })
  async getAttachment(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { attachment, body } = await this.attachments.open(id, me.id, 'file');
    const image = attachment.kind === 'image';
    await sendFile(req, res, body, {
      // Never the client's claim for a download: only sniffed images get a real type.
      contentType: image ? attachment.mimeType : 'application/octet-stream',
      disposition: contentDisposition(image ? 'inline' : 'attachment', attachment.name),
      etag: `"${attachment.id}"`,
      cacheControl: PRIVATE_FOREVER,
      length: Number(attachment.size),
    });
  }

  /** An image's WebP thumbnail (at most 480 px on its longer side), once ready. */
  @Get('attachments/:id/thumbnail')
  @ApiOperation({ summary: "Get an image attachment's thumbnail" })
  @ApiOkResponse({ description: 'WebP', content: { 'image/webp': BINARY } })
  @ApiErrors(400, {
    404: 'No such attachment or no thumbnail (yet), or the caller is not a member',
  })
  async getAttachmentThumbnail(
    @CurrentUser() me: AuthUser,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { attachment, body } = await this.attachments.open(id, me.id, 'thumbnail');
    await sendFile(req, res, body, {
      contentType: 'image/webp',
      disposition: contentDisposition('inline', `${attachment.name}.thumbnail.webp`),
      etag: `"${attachment.id}-thumbnail"`,
      cacheControl: PRIVATE_FOREVER,
    });
  }
}
