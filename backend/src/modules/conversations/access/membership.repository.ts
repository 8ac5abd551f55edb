import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type MemberRole, MemberEntity } from '../member.entity';

@Injectable()
export class MembershipRepository {
  constructor(@InjectRepository(MemberEntity) private readonly members: Repository<MemberEntity>) {}

  /** The member's role, or null when they are not a member (one primary-key lookup). */
  async roleOf(conversationId: string, userId: string): Promise<MemberRole | null> {
    const member = await this.members.findOne({
      select: { role: true },
      where: { conversationId, userId },
    });
    return member?.role ?? null;
  }

  /** Every conversation the user is a member of. */
  async conversationIdsOf(userId: string): Promise<string[]> {
    const rows = await this.members.find({ select: { conversationId: true }, where: { userId } });
    return rows.map((r) => r.conversationId);
  }

  /** Whether the user is an owner or admin of a group (direct conversations have neither). */
  async isGroupModerator(conversationId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.members.query(
      `SELECT 1 FROM conversation_members m
         JOIN conversations c ON c.id = m.conversation_id
        WHERE m.conversation_id = $1 AND m.user_id = $2
          AND m.role IN ('owner', 'admin') AND c.type = 'group'`,
      [conversationId, userId],
    );
    return rows.length > 0;
  }
}
