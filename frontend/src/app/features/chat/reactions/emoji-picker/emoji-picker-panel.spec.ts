import { pickFirstOnEnter } from './emoji-picker-panel';

describe('pickFirstOnEnter', () => {
  function picker(results: string[]): {
    root: ShadowRoot;
    search: HTMLInputElement;
    picked: string[];
  } {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    const search = document.createElement('input');
    search.type = 'search';
    root.appendChild(search);
    const picked: string[] = [];
    for (const emoji of results) {
      const button = document.createElement('button');
      button.setAttribute('role', 'option');
      button.addEventListener('click', () => picked.push(emoji));
      root.appendChild(button);
    }
    return { root, search, picked };
  }

  function press(target: HTMLElement, key: string, root: ShadowRoot): KeyboardEvent {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    Object.defineProperty(event, 'target', { value: target });
    pickFirstOnEnter(event, root);
    return event;
  }

  it('picks the first search result on Enter', () => {
    const { root, search, picked } = picker(['👍', '👌']);
    const event = press(search, 'Enter', root);
    expect(picked).toEqual(['👍']);
    expect(event.defaultPrevented).toBe(true);
  });

  it('leaves a highlighted result, other keys and an empty search to the picker', () => {
    const { root, search, picked } = picker(['👍']);
    expect(press(search, 'ArrowDown', root).defaultPrevented).toBe(false);
    root.querySelector('[role="option"]')?.setAttribute('aria-selected', 'true');
    expect(press(search, 'Enter', root).defaultPrevented).toBe(false);
    const empty = picker([]);
    expect(press(empty.search, 'Enter', empty.root).defaultPrevented).toBe(false);
    expect(picked).toEqual([]);
  });
});
