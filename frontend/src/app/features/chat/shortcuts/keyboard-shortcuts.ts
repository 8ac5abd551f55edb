import { isTypingTarget } from '../search/search-shortcut';

/** One line of the shortcut help: the keys (as shown) and what they do. */
export interface Shortcut {
  readonly keys: readonly (readonly string[])[];
  readonly does: string;
}

/** Every keyboard shortcut of the chat, as the help dialog lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [['Ctrl', 'K'], ['/']], does: 'Search messages' },
  { keys: [['?'], ['Ctrl', '/']], does: 'Show these shortcuts' },
  { keys: [['Esc']], does: 'Close the open chat (or the dialog, menu or panel on top)' },
  { keys: [['Enter']], does: 'Send the message' },
  { keys: [['Shift', 'Enter']], does: 'New line in the message' },
  { keys: [['↑']], does: 'Edit your last message (in an empty message box)' },
  { keys: [['Esc']], does: 'Cancel editing or replying (in the message box)' },
  { keys: [['Tab']], does: 'From the top of the page: “Skip to the conversation”' },
];

/** `?` when not typing in a field, or Ctrl+/ (⌘/ on a Mac) anywhere. */
export function isHelpShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.isComposing || event.altKey) return false;
  if (event.key === '/' && (event.ctrlKey || event.metaKey)) return true;
  return event.key === '?' && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target);
}

/**
 * Escape that nothing else took: a dialog, a menu or a picker on top handles (and prevents) its
 * own Escape, as the message box does for cancelling an edit or a reply.
 */
export function isCloseChatKey(event: KeyboardEvent): boolean {
  return (
    event.key === 'Escape' &&
    !event.defaultPrevented &&
    !event.isComposing &&
    !event.ctrlKey &&
    !event.metaKey &&
    !event.altKey &&
    !event.shiftKey
  );
}
