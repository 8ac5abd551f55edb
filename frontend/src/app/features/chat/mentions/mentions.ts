import { ConversationSummaryDto, MessageDto, UserDto } from '../../../core/api/model';

/**
 * `@name` as the server reads it (and bots): at the start or after a character that cannot be
 * part of a username, so `mail@example.org` mentions nobody. Usernames are a-z, 0-9, _ and dot.
 */
const BEFORE_MENTION = /[^a-z0-9_.]/i;
const USERNAME_CHARS = /^[a-z0-9_.]*$/i;

/** `@here`: everyone in a group. */
export const HERE = 'here';

/** Whether a message from someone else mentions the user: by name, or everyone with `@here`. */
export function mentionsMe(message: MessageDto, myId: string): boolean {
  return message.sender.id !== myId && (message.mentionsHere || message.mentions.includes(myId));
}

/** The `@query` being typed just before the caret, or null when the caret is not in one. */
export function mentionQueryAt(
  text: string,
  caret: number,
): { readonly start: number; readonly query: string } | null {
  const at = text.lastIndexOf('@', caret - 1);
  if (at < 0) return null;
  if (at > 0 && !BEFORE_MENTION.test(text[at - 1])) return null;
  const query = text.slice(at + 1, caret);
  if (query.length > 32 || !USERNAME_CHARS.test(query)) return null;
  return { start: at, query };
}

/** Someone (or `@here`) the autocomplete offers. */
export interface MentionCandidate {
  readonly username: string;
  readonly label: string;
  readonly user: UserDto | null;
}

/** At most this many suggestions show at once. */
export const MAX_SUGGESTIONS = 8;

/**
 * The conversation's members (people and bots, not the user) whose username or a word of whose
 * display name starts with the query, usernames first; `@here` too in a group.
 */
export function mentionCandidates(
  conversation: ConversationSummaryDto | undefined,
  myId: string,
  query: string,
): MentionCandidate[] {
  if (!conversation) return [];
  const q = query.toLowerCase();
  const users = conversation.members
    .map((member) => member.user)
    .filter((user) => user.id !== myId);
  const byUsername = users.filter((user) => user.username.startsWith(q));
  const byName = users.filter(
    (user) =>
      !user.username.startsWith(q) &&
      user.displayName
        .toLowerCase()
        .split(/\s+/)
        .some((word) => word.startsWith(q)),
  );
  const people = [...byUsername, ...byName].map((user) => ({
    username: user.username,
    label: user.displayName,
    user,
  }));
  const here =
    conversation.type !== 'direct' && HERE.startsWith(q)
      ? [{ username: HERE, label: 'Everyone in this group', user: null }]
      : [];
  return [...people, ...here].slice(0, MAX_SUGGESTIONS);
}

/** The text with `@query` (from `start` to the caret) replaced by `@username `, and the new caret. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  username: string,
): { readonly text: string; readonly caret: number } {
  const mention = `@${username} `;
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, start) + mention + rest, caret: start + mention.length };
}

export interface MentionedUser {
  readonly displayName: string;
  readonly me: boolean;
}

/** How a message's mentions look: which `@name`s to mark, and which of them is the user. */
export interface MentionMarks {
  /** Lower-case usernames mentioned: the person's display name, and whether it is the user. */
  readonly usernames: ReadonlyMap<string, MentionedUser>;
  readonly here: boolean;
}

/** The marks for a message, from its mentions and the conversation's members; null: none. */
export function mentionMarks(
  message: MessageDto | null | undefined,
  conversation: ConversationSummaryDto | undefined,
  myId: string,
): MentionMarks | null {
  if (!message || (message.mentions.length === 0 && !message.mentionsHere)) return null;
  const usernames = new Map<string, MentionedUser>();
  for (const { user } of conversation?.members ?? []) {
    if (message.mentions.includes(user.id))
      usernames.set(user.username.toLowerCase(), {
        displayName: user.displayName,
        me: user.id === myId,
      });
  }
  return { usernames, here: message.mentionsHere };
}
