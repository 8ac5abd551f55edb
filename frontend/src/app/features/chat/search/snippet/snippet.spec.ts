import { TestBed } from '@angular/core/testing';

import { Snippet, SnippetPart, withoutFences } from './snippet';

describe('Snippet', () => {
  async function render(parts: SnippetPart[]): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(Snippet);
    fixture.componentRef.setInput('parts', parts);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('marks each match, in the text as it reads', async () => {
    const element = await render([
      { text: 'See you at the ', match: false },
      { text: 'meetup', match: true },
      { text: ' on ', match: false },
      { text: 'Thursday', match: true },
    ]);
    expect(element.textContent).toBe('See you at the meetup on Thursday');
    expect(Array.from(element.querySelectorAll('mark'), (m) => m.textContent)).toEqual([
      'meetup',
      'Thursday',
    ]);
  });

  it('shows HTML in the text as text, never as markup', async () => {
    const attack = '<img src=x onerror=alert(1)>';
    const element = await render([
      { text: attack, match: false },
      { text: `<b>${attack}</b>`, match: true },
    ]);
    expect(element.querySelector('img')).toBeNull();
    expect(element.querySelector('b')).toBeNull();
    expect(element.querySelectorAll('mark')).toHaveLength(1);
    expect(element.textContent).toBe(`${attack}<b>${attack}</b>`);
  });
});

describe('withoutFences', () => {
  it('shows a code block’s text without its fences and language', () => {
    expect(
      withoutFences([
        { text: 'Try this:\n```ts\nconst ', match: false },
        { text: 'answer', match: true },
        { text: ' = 42;\n```\n', match: false },
      ]),
    ).toEqual([
      { text: 'Try this: const ', match: false },
      { text: 'answer', match: true },
      { text: ' = 42;', match: false },
    ]);
  });

  it('leaves text without fences as it is, inline code included', () => {
    const parts = [
      { text: 'run ', match: false },
      { text: '`npm test`', match: true },
    ];
    expect(withoutFences(parts)).toEqual(parts);
  });
});
