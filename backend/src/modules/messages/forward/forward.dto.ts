import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray } from 'class-validator';
import { TrimmedText, ValidateUuid } from '../../../common/openapi';
import { MAX_BODY_LENGTH } from '../dto/message-input.dto';

export const MAX_FORWARD_TARGETS = 10;

export class ForwardMessageDto {
  @ValidateUuid({
    each: true,
    minItems: 1,
    maxItems: MAX_FORWARD_TARGETS,
    description: 'Conversations of the caller to forward to (404 if any is not theirs)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FORWARD_TARGETS)
  @ArrayUnique()
  conversationIds: string[];

  @TrimmedText({
    min: 1,
    max: MAX_BODY_LENGTH,
    field: 'comment',
    optional: true,
    description: 'Sent just before the forwarded message in each conversation',
  })
  comment?: string;
}
