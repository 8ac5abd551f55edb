import { pickFirstOnEnter, withoutRedundantSelectors } from './emoji-picker-panel';

describe('pickFirstOnEnter', () => {
  /**
   * The parts of `emoji-picker-element`'s shadow root that matter (as rendered by its 1.29):
   * the search box, the skin-tone menu (whose chosen tone is an `aria-selected` option) and the
   * search results' listbox; the listener captures on the element around the picker, as the
   * panel does.
   */
  function picker(results: string[]): {
    root: ShadowRoot;
    search: HTMLInputElement;
    picked: string[];
  } {
    const host = document.createElement('div');
    const element = document.createElement('div');
    host.appendChild(element);
    document.body.appendChild(host);
    const root = element.attachShadow({ mode: 'open' });
    const search = document.createElement('input');
    search.type = 'search';
    search.setAttribute('role', 'combobox');
    root.appendChild(search);
    const skinTones = document.createElement('div');
    skinTones.setAttribute('role', 'listbox');
    skinTones.innerHTML = '<div role="option" id="skintone-0" aria-selected="true">🖐️</div>';
    root.appendChild(skinTones);
    const picked: string[] = [];
    if (results.length) {
      const list = document.createElement('div');
      list.id = 'search-results';
      list.setAttribute('role', 'listbox');
      for (const emoji of results) {
        const button = document.createElement('button');
        button.setAttribute('role', 'option');
        button.setAttribute('aria-selected', 'false');
        button.addEventListener('click', () => picked.push(emoji));
        list.appendChild(button);
      }
      root.appendChild(list);
    }
    host.addEventListener('keydown', (event) => pickFirstOnEnter(event, root), { capture: true });
    return { root, search, picked };
  }

  function press(target: HTMLElement, key: string): KeyboardEvent {
    const event = new KeyboardEvent('keydown', {
      key,
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    target.dispatchEvent(event);
    return event;
  }

  afterEach(() => document.body.replaceChildren());

  it('picks the first search result on Enter, though a skin tone is always selected', () => {
    const { search, picked } = picker(['👍', '👌']);
    const event = press(search, 'Enter');
    expect(picked).toEqual(['👍']);
    expect(event.defaultPrevented).toBe(true);
  });

  it('leaves a highlighted result, other keys and an empty search to the picker', () => {
    const { root, search, picked } = picker(['👍']);
    expect(press(search, 'ArrowDown').defaultPrevented).toBe(false);
    root.querySelector('#search-results [role="option"]')?.setAttribute('aria-selected', 'true');
    expect(press(search, 'Enter').defaultPrevented).toBe(false);
    const empty = picker([]);
    expect(press(empty.search, 'Enter').defaultPrevented).toBe(false);
    expect(picked).toEqual([]);
  });
});

describe('withoutRedundantSelectors', () => {
  it('drops a variation selector only where the emoji is an emoji without it', () => {
    expect(withoutRedundantSelectors('👍\uFE0F')).toBe('👍');
    expect(withoutRedundantSelectors('👍🏽')).toBe('👍🏽');
    expect(withoutRedundantSelectors('❤\uFE0F')).toBe('❤\uFE0F');
    expect(withoutRedundantSelectors('#\uFE0F\u20E3')).toBe('#\uFE0F\u20E3');
  });
});
