import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

/**
 * An account's single sign-on identity: the provider's issuer and the `sub` it gives the
 * person. One identity reaches one account; an account has at most one link per issuer.
 */
@Entity('oidc_links')
@Index('oidc_links_issuer_subject_key', ['issuer', 'subject'], { unique: true })
@Index('oidc_links_user_issuer_key', ['userId', 'issuer'], { unique: true })
export class OidcLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 255 })
  issuer: string;

  /** The `sub` claim: stable and unique within the issuer (OIDC Core 2). */
  @Column({ type: 'varchar', length: 255 })
  subject: string;

  /** The email the provider reported when the link was made, to show which identity it is. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
