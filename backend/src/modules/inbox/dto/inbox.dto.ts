import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { HANDOFF_STATUSES, type HandoffStatus } from '../handoff.entity';

/** The inbox's tabs: waiting for anyone, claimed by the caller, closed. */
export const INBOX_VIEWS = ['waiting', 'mine', 'closed'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export class ListInboxQuery {
  @ApiProperty({ enum: INBOX_VIEWS, enumName: 'InboxView' })
  @IsIn(INBOX_VIEWS)
  status: InboxView;
}

export class InboxPersonDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Visitor 4F2A' })
  displayName: string;
}

export class InboxWidgetDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Shop' })
  name: string;
}

export class InboxContextDto {
  @ApiProperty({ required: false, example: 'Slim jeans' })
  product?: string;

  @ApiProperty({ required: false, example: 'bottoms' })
  category?: string;
}

/** A visitor who asked for a person, as an agent's inbox lists them. */
export class InboxItemDto {
  @ApiProperty({ format: 'uuid', description: "The visitor's conversation with the bot" })
  conversationId: string;

  @ApiProperty({ enum: HANDOFF_STATUSES, enumName: 'HandoffStatus' })
  status: HandoffStatus;

  @ApiProperty({ type: InboxPersonDto })
  visitor: InboxPersonDto;

  @ApiProperty({ type: InboxWidgetDto, nullable: true, description: 'Null once deleted' })
  widget: InboxWidgetDto | null;

  @ApiProperty({
    type: InboxContextDto,
    nullable: true,
    description: 'The product page the visitor started on (`data-context`)',
  })
  context: InboxContextDto | null;

  @ApiProperty({ type: InboxPersonDto, nullable: true, description: 'Who claimed it' })
  agent: InboxPersonDto | null;

  @ApiProperty({ format: 'date-time', description: 'When the visitor asked (the wait starts)' })
  requestedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  claimedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;
}

/** What the visitor's widget learns when it asks for a person. */
export class HandoffStateDto {
  @ApiProperty({ enum: HANDOFF_STATUSES, enumName: 'HandoffStatus' })
  status: HandoffStatus;

  @ApiProperty({ type: InboxPersonDto, nullable: true, description: 'Who claimed it' })
  agent: InboxPersonDto | null;
}
