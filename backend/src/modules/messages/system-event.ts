/** The group and channel changes a system message records (in the conversation's own seq order). */
export const SYSTEM_ACTIONS = [
  'created',
  'renamed',
  'members_added',
  'member_removed',
  'member_left',
  'role_changed',
  'ownership_transferred',
  'channel_created',
  'member_joined',
  'topic_changed',
  'archived',
  'unarchived',
  'message_pinned',
] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/** A group change as stored beside its human-readable line. */
export interface SystemEvent {
  action: SystemAction;
  actorId: string;
  userIds?: string[];
  title?: string;
  topic?: string;
  /** message_pinned: the pinned message. */
  messageId?: string;
  role?: 'admin' | 'member';
}
