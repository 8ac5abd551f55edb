import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../../database/errors';
import { OidcLinkEntity } from './oidc-link.entity';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
}

@Injectable()
export class OidcLinksRepository {
  constructor(
    @InjectRepository(OidcLinkEntity) private readonly links: Repository<OidcLinkEntity>,
  ) {}

  findByIdentity(issuer: string, subject: string): Promise<OidcLinkEntity | null> {
    return this.links.findOneBy({ issuer, subject });
  }

  findForUser(userId: string, issuer: string): Promise<OidcLinkEntity | null> {
    return this.links.findOneBy({ userId, issuer });
  }

  /** False when the identity or the account is already linked (nothing is written). */
  async insert(userId: string, identity: OidcIdentity): Promise<boolean> {
    try {
      await this.links.insert({ userId, ...identity });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Whether a link was removed. */
  async delete(userId: string, issuer: string): Promise<boolean> {
    const result = await this.links.delete({ userId, issuer });
    return (result.affected ?? 0) > 0;
  }
}
