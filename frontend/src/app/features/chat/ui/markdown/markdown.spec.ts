import { TestBed } from '@angular/core/testing';

import { loadHighlighter, Markdown } from './markdown';

describe('Markdown', () => {
  async function render(text: string): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(Markdown);
    fixture.componentRef.setInput('text', text);
    fixture.componentRef.setInput('profile', 'person');
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('colours a code block once the highlighter has loaded', async () => {
    const element = await render('see:\n```js\nconst a = 1;\n```');
    await loadHighlighter();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
    expect(element.querySelector('pre .hljs-keyword')?.textContent).toBe('const');
  });

  it('formats a person’s message without any code block', async () => {
    const element = await render('**hi** there');
    expect(element.querySelector('strong')?.textContent).toBe('hi');
    expect(element.querySelector('pre')).toBeNull();
  });
});
