import { isCloseChatKey, isHelpShortcut, SHORTCUTS } from './keyboard-shortcuts';

function key(init: KeyboardEventInit, target: HTMLElement = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { cancelable: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('keyboard shortcuts', () => {
  it('opens the help with ? outside a field and Ctrl+/ or ⌘/ anywhere', () => {
    const field = document.createElement('textarea');
    expect(isHelpShortcut(key({ key: '?' }))).toBe(true);
    expect(isHelpShortcut(key({ key: '?' }, field))).toBe(false);
    expect(isHelpShortcut(key({ key: '/', ctrlKey: true }, field))).toBe(true);
    expect(isHelpShortcut(key({ key: '/', metaKey: true }))).toBe(true);
    expect(isHelpShortcut(key({ key: '/' }))).toBe(false);
  });

  it('closes the chat on a plain Escape that nothing else took', () => {
    expect(isCloseChatKey(key({ key: 'Escape' }))).toBe(true);
    expect(isCloseChatKey(key({ key: 'Escape', shiftKey: true }))).toBe(false);
    const taken = key({ key: 'Escape' });
    taken.preventDefault();
    expect(isCloseChatKey(taken)).toBe(false);
    expect(isCloseChatKey(key({ key: 'Enter' }))).toBe(false);
  });

  it('lists the search, the help and Escape', () => {
    const listed = SHORTCUTS.map((shortcut) => shortcut.keys.map((keys) => keys.join('+')));
    expect(listed).toContainEqual(['Ctrl+K', '/']);
    expect(listed).toContainEqual(['?', 'Ctrl+/']);
    expect(listed).toContainEqual(['Esc']);
  });
});
