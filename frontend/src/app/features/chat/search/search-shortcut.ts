/** Inputs whose typing a "/" belongs to (not buttons, checkboxes and the like). */
const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** Whether the keystroke goes into something the user is typing in. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

/**
 * Whether a key press opens the search: Ctrl+K (⌘K on a Mac) anywhere, or "/" when not typing
 * in a field (there, it is a character).
 */
export function isSearchShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.isComposing || event.altKey) return false;
  const modified = event.ctrlKey || event.metaKey;
  if (event.key.toLowerCase() === 'k') return modified && !event.shiftKey;
  return event.key === '/' && !modified && !isTypingTarget(event.target);
}
