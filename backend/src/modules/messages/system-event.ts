/** The group changes a system message records (in the conversation's own seq order). */
export const SYSTEM_ACTIONS = [
  'created',
  'renamed',
  'members_added',
  'member_removed',
  'member_left',
  'role_changed',
  'ownership_transferred',
] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/** A group change as stored beside its human-readable line. */
export interface SystemEvent {
  action: SystemAction;
  actorId: string;
  userIds?: string[];
  title?: string;
  role?: 'admin' | 'member';
}
