import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LinkPreviewDto } from './link-preview.dto';

export type LinkPreviewStatus = 'ready' | 'failed';

/**
 * The link preview cache: one row per URL, shared by every message that links it, so a page is
 * fetched once a day however often it is posted (and a dead site is asked again only after a
 * short pause).
 */
@Entity('link_previews')
/** Pruning expired entries. */
@Index('link_previews_fetched_at_idx', ['fetchedAt'])
export class LinkPreviewEntity {
  /** SHA-256 (hex) of the URL: a fixed-size key however long the URL is. */
  @PrimaryColumn({ name: 'url_hash', type: 'varchar', length: 64 })
  urlHash: string;

  @Column({ type: 'text' })
  url: string;

  /** Null when the fetch failed or was refused. */
  @Column({ type: 'jsonb', nullable: true })
  data: LinkPreviewDto | null;

  @Column({ type: 'varchar', length: 16 })
  status: LinkPreviewStatus;

  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt: Date;
}
