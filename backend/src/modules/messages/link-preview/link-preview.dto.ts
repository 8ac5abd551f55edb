import { ApiProperty } from '@nestjs/swagger';

/**
 * What a message's first link shows: read by a worker from the page (Open Graph, else the
 * page's title and description). The same for every member.
 */
export class LinkPreviewDto {
  @ApiProperty({ description: 'The link as it appears in the message (http or https)' })
  url: string;

  @ApiProperty({ type: String, nullable: true, maxLength: 200 })
  title: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: 500 })
  description: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "The page's image: an absolute http(s) URL on the linked site (not proxied: a client loads it from there)",
  })
  imageUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  siteName: string | null;
}
