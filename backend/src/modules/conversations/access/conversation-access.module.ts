import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MemberEntity } from '../member.entity';
import { ConversationAccess } from './conversation-access.service';
import { MembershipRepository } from './membership.repository';

/**
 * The narrow port other modules use to ask "may this user act in this conversation?". It
 * depends on nothing but the conversations' own tables, so the messages module can use it
 * while the conversations module uses the messages module: no cycle, no `forwardRef`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MemberEntity])],
  providers: [MembershipRepository, ConversationAccess],
  exports: [ConversationAccess],
})
export class ConversationAccessModule {}
