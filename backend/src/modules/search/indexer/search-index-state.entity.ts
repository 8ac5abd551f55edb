import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How the stored search vectors were computed (one row, id 1): `plain` (Postgres lexemes of the
 * text) or `blind:<fingerprint of the index key>` (keyed hashes of words). Never the key itself.
 * When the running configuration says otherwise, the indexer clears every vector and refills.
 */
@Entity('search_index_state')
@Check('search_index_state_single_row', `"id" = 1`)
export class SearchIndexStateEntity {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'search_index_state_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 80 })
  mode: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
