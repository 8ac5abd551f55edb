import { isSearchShortcut, isTypingTarget } from './search-shortcut';

describe('isSearchShortcut', () => {
  const press = (init: KeyboardEventInit, target: EventTarget = document.body) => {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
    Object.defineProperty(event, 'target', { value: target });
    return event;
  };
  const element = (html: string) => {
    const wrapper = document.createElement('div');
    wrapper.innerHTML = html;
    return wrapper.firstElementChild as HTMLElement;
  };

  it('is Ctrl+K or ⌘K anywhere, even while typing', () => {
    expect(isSearchShortcut(press({ key: 'k', ctrlKey: true }))).toBe(true);
    expect(isSearchShortcut(press({ key: 'K', metaKey: true }))).toBe(true);
    expect(isSearchShortcut(press({ key: 'k', ctrlKey: true }, element('<textarea>')))).toBe(true);
    expect(isSearchShortcut(press({ key: 'k' }))).toBe(false);
    expect(isSearchShortcut(press({ key: 'k', ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isSearchShortcut(press({ key: 'k', ctrlKey: true, altKey: true }))).toBe(false);
  });

  it('is "/" only when not typing in a field', () => {
    expect(isSearchShortcut(press({ key: '/' }))).toBe(true);
    expect(isSearchShortcut(press({ key: '/' }, element('<button>')))).toBe(true);
    expect(isSearchShortcut(press({ key: '/' }, element('<input type="checkbox">')))).toBe(true);
    expect(isSearchShortcut(press({ key: '/' }, element('<textarea>')))).toBe(false);
    expect(isSearchShortcut(press({ key: '/' }, element('<input>')))).toBe(false);
    expect(isSearchShortcut(press({ key: '/' }, element('<input type="search">')))).toBe(false);
    expect(isSearchShortcut(press({ key: '/', ctrlKey: true }))).toBe(false);
  });

  it('leaves alone what something else handled, and a composition in progress', () => {
    const handled = press({ key: '/' });
    handled.preventDefault();
    expect(isSearchShortcut(handled)).toBe(false);
    expect(isSearchShortcut(press({ key: 'k', ctrlKey: true, isComposing: true }))).toBe(false);
  });

  it('counts editable content as typing', () => {
    const editable = element('<div contenteditable="true">');
    // jsdom does not compute isContentEditable.
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    expect(isTypingTarget(editable)).toBe(true);
    expect(isTypingTarget(element('<select>'))).toBe(true);
    expect(isTypingTarget(null)).toBe(false);
  });
});
