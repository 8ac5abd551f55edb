import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How the search vectors are computed (one row, id 1): `plain:v2` (Postgres lexemes of the text)
 * or `blind:v2:<fingerprint of the index key>` (keyed hashes of words); never the key itself.
 * When the running configuration says otherwise, the indexer records its own mode and
 * re-indexes every message in place, in id order, recording its progress in `reindex_after`.
 */
@Entity('search_index_state')
@Check('search_index_state_single_row', `"id" = 1`)
export class SearchIndexStateEntity {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'search_index_state_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 80 })
  mode: string;

  /** While re-indexing after a change of mode: the last message id done (ids in order). */
  @Column({ name: 'reindex_after', type: 'uuid', nullable: true })
  reindexAfter: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
