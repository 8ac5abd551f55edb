// How a conversation looks from the signed-in user's side: pure functions over the SDK's DTOs.
import { ConversationSummaryDto, MemberDto, MessageDto, UserDto } from '../../../core/api/model';
import { AvatarUser } from '../../../shared/ui/avatar/avatar';
import { plainText } from '../../../shared/text/plain-text';

// Kept here for the chat's callers; the support inbox's transcript shares it.
export { plainText };

export function otherMembers(conversation: ConversationSummaryDto, myId: string): MemberDto[] {
  return conversation.members.filter((member) => member.user.id !== myId);
}

/** A thread reply that stays in its thread (the timeline and the unread count leave it out). */
export function isThreadOnly(message: {
  readonly threadRootId?: string | null;
  readonly alsoToConversation?: boolean;
}): boolean {
  return !!message.threadRootId && !message.alsoToConversation;
}

/** A group or a channel: titled, with members and roles (a direct chat has neither). */
export function isMultiMember(conversation: Pick<ConversationSummaryDto, 'type'>): boolean {
  return conversation.type !== 'direct';
}

/**
 * The other person's name for a direct chat; the title (or the members' names) for a group;
 * `#title` for a channel, the way people name channels.
 */
export function conversationTitle(conversation: ConversationSummaryDto, myId: string): string {
  const others = otherMembers(conversation, myId);
  if (conversation.type === 'channel') return `#${conversation.title?.trim() || 'channel'}`;
  if (conversation.type === 'group') {
    return (
      conversation.title?.trim() || others.map((m) => m.user.displayName).join(', ') || 'Group'
    );
  }
  return others[0]?.user.displayName ?? 'Unknown user';
}

/** The bot a direct chat is with, or null (a person, or a group). */
export function directBot(conversation: ConversationSummaryDto, myId: string): UserDto | null {
  if (conversation.type !== 'direct') return null;
  const other = otherMembers(conversation, myId)[0]?.user;
  return other?.isBot ? other : null;
}

/** The other person for a direct chat; the group's initials on a colour of its own otherwise. */
export function conversationAvatar(conversation: ConversationSummaryDto, myId: string): AvatarUser {
  const other = otherMembers(conversation, myId)[0];
  if (conversation.type === 'direct' && other) return other.user;
  return {
    id: conversation.id,
    displayName: conversationTitle(conversation, myId),
    avatarUrl: null,
  };
}

/** One line for the conversation list. */
export function messagePreview(
  message: MessageDto | null,
  conversation: Pick<ConversationSummaryDto, 'type'>,
  myId: string,
): string {
  if (message === null) return 'No messages yet';
  if (message.deletedAt !== null || message.body === null) return 'Message deleted';
  const text = previewText(message);
  if (message.sender.id === myId) return `You: ${text}`;
  if (isMultiMember(conversation)) return `${firstName(message.sender.displayName)}: ${text}`;
  return text;
}

/** A bot reply's state, or a message's text without Markdown's marks (system lines as they are). */
function previewText(message: MessageDto): string {
  if (message.kind === 'system') return firstLine(message.body ?? '');
  if (message.kind === 'bot' && message.status === 'streaming') return 'Replying…';
  if (message.kind === 'bot' && message.status === 'failed') return "Couldn't finish the reply";
  return firstLine(plainText(message.body ?? ''));
}

/** One line of a message for a quote: its Markdown as plain text (system lines as they are). */
export function excerptOf(message: {
  readonly body: string | null;
  readonly system: boolean;
}): string {
  const body = message.body ?? '';
  return firstLine(message.system ? body : plainText(body));
}

/** "SizeBot is replying…": what a streaming reply is, for screen readers and placeholders. */
export function replyingLabel(name: string): string {
  return `${name} is replying…`;
}

export function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0] ?? '';
}

function firstName(displayName: string): string {
  return displayName.trim().split(/\s+/, 1)[0] ?? displayName;
}

/**
 * `pending`: not stored yet; `sent`: stored; `delivered`: every other member's devices have it;
 * `read`: every other member has read it.
 */
export type ReadTickState = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ReadState {
  readonly state: ReadTickState;
  /** Other members whose read marker has reached the message. */
  readonly readBy: number;
  readonly of: number;
}

/** The tick under one of the user's own messages. */
export function readStateOf(
  message: { readonly seq: number | null; readonly failed: boolean },
  conversation: ConversationSummaryDto | undefined,
  myId: string,
): ReadState {
  const others = conversation ? otherMembers(conversation, myId) : [];
  if (message.failed) return { state: 'failed', readBy: 0, of: others.length };
  if (message.seq === null) return { state: 'pending', readBy: 0, of: others.length };
  const seq = message.seq;
  const readBy = others.filter((member) => member.lastReadSeq >= seq).length;
  const read = others.length > 0 && readBy === others.length;
  // Read implies delivered, whatever the delivered marker says.
  const delivered =
    others.length > 0 && others.every((m) => Math.max(m.lastDeliveredSeq, m.lastReadSeq) >= seq);
  const state = read ? 'read' : delivered ? 'delivered' : 'sent';
  return { state, readBy, of: others.length };
}

/** "Bob is typing…", "Bob and Carol are typing…", "3 people are typing…"; null for nobody. */
export function typingLabel(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
