/** The group, channel and hand-off changes a system message records (in the conversation's own seq order). */
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
  'handoff_requested',
  'handoff_claimed',
  'handoff_closed',
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
  /**
   * Display names of the people it names (actor and users) when it happened, by id: a client
   * renders the line in the reader's terms even for people it no longer knows (who left).
   */
  names?: Record<string, string>;
}
