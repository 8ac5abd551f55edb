import { ComponentFixture, TestBed } from '@angular/core/testing';

import { Composer, MAX_BODY_LENGTH } from './composer';

describe('Composer', () => {
  let fixture: ComponentFixture<Composer>;
  let element: HTMLElement;
  let sent: string[];
  let saved: string[];
  let typing: boolean[];
  let cancelled: string[];

  beforeEach(async () => {
    fixture = TestBed.createComponent(Composer);
    element = fixture.nativeElement as HTMLElement;
    fixture.componentRef.setInput('conversationId', 'c-1');
    sent = [];
    saved = [];
    typing = [];
    cancelled = [];
    const composer = fixture.componentInstance;
    composer.send.subscribe((body) => sent.push(body));
    composer.save.subscribe((body) => saved.push(body));
    composer.typing.subscribe((value) => typing.push(value));
    composer.cancelReply.subscribe(() => cancelled.push('reply'));
    composer.cancelEdit.subscribe(() => cancelled.push('edit'));
    await fixture.whenStable();
  });

  const textarea = () => element.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')!;
  const sendButton = () => element.querySelector<HTMLButtonElement>('[data-testid="send-button"]')!;

  async function type(text: string): Promise<void> {
    textarea().value = text;
    textarea().dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function press(key: string, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
    const event = new KeyboardEvent('keydown', { key, cancelable: true, ...init });
    textarea().dispatchEvent(event);
    await fixture.whenStable();
    return event;
  }

  it('cannot send nothing or only spaces', async () => {
    expect(sendButton().disabled).toBe(true);
    await type('   \n ');
    expect(sendButton().disabled).toBe(true);
    await press('Enter');
    expect(sent).toEqual([]);
    await type('Hi');
    expect(sendButton().disabled).toBe(false);
  });

  it('sends the trimmed text with Enter, empties the box and stops typing', async () => {
    await type('  Hello there \n');
    const enter = await press('Enter');

    expect(enter.defaultPrevented).toBe(true);
    expect(sent).toEqual(['Hello there']);
    expect(textarea().value).toBe('');
    expect(sendButton().disabled).toBe(true);
    expect(typing).toEqual([true, false]);
    expect(document.activeElement).toBe(textarea());
  });

  it('asks to edit the last message on Arrow-Up in an empty box only', async () => {
    let asked = 0;
    fixture.componentInstance.editLast.subscribe(() => asked++);
    expect((await press('ArrowUp')).defaultPrevented).toBe(true);
    expect(asked).toBe(1);
    expect((await press('ArrowUp', { shiftKey: true })).defaultPrevented).toBe(false);
    await type('not empty');
    expect((await press('ArrowUp')).defaultPrevented).toBe(false);
    await type('');
    fixture.componentRef.setInput('editing', { id: 'm-1', body: 'being edited' });
    await fixture.whenStable();
    await type('');
    expect((await press('ArrowUp')).defaultPrevented).toBe(false);
    expect(asked).toBe(1);
  });

  it('leaves Shift+Enter to the text box: a new line', async () => {
    await type('line one');
    const shiftEnter = await press('Enter', { shiftKey: true });
    expect(shiftEnter.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
  });

  it('shows the formatting on request, described to the text box, and hides it again', async () => {
    const button = element.querySelector<HTMLButtonElement>(
      '[data-testid="composer-hint-button"]',
    )!;
    const hint = () => element.querySelector('[data-testid="composer-hint"]');
    expect(hint()).toBeNull();
    expect(button.getAttribute('aria-expanded')).toBe('false');

    button.click();
    await fixture.whenStable();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(hint()?.textContent).toContain('**bold**');
    expect(hint()?.textContent).toContain('```');
    expect(textarea().getAttribute('aria-describedby')).toBe('composer-hint');

    button.click();
    await fixture.whenStable();
    expect(hint()).toBeNull();
    expect(textarea().hasAttribute('aria-describedby')).toBe(false);
  });

  it('does not send while an input method is composing', async () => {
    await type('にほん');
    await press('Enter', { isComposing: true });
    expect(sent).toEqual([]);
  });

  it('sends with the button', async () => {
    await type('Clicked');
    sendButton().click();
    await fixture.whenStable();
    expect(sent).toEqual(['Clicked']);
  });

  it('says it is typing while there is text, and stops when emptied or left', async () => {
    await type('a');
    await type('');
    await type('b');
    textarea().dispatchEvent(new Event('blur'));
    expect(typing).toEqual([true, false, true, false]);
  });

  it('shows a counter near the limit and refuses more than the limit', async () => {
    await type('x'.repeat(3500));
    expect(element.querySelector('[data-testid="composer-counter"]')).toBeNull();
    await type('x'.repeat(3990));
    expect(element.querySelector('[data-testid="composer-counter"]')?.textContent?.trim()).toBe(
      `3990 / ${MAX_BODY_LENGTH}`,
    );
    await type('x'.repeat(MAX_BODY_LENGTH + 1));
    expect(element.querySelector('.counter')?.classList).toContain('over');
    expect(sendButton().disabled).toBe(true);
  });

  it('shows whom the reply is to; Escape cancels it', async () => {
    fixture.componentRef.setInput('replyTo', { senderName: 'Bob', excerpt: 'Hello there' });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="reply-chip"]')?.textContent).toContain(
      'Replying to Bob',
    );
    await press('Escape');
    expect(cancelled).toEqual(['reply']);
  });

  it('edits: starts from the message text, saves with Enter, Escape cancels', async () => {
    fixture.componentRef.setInput('editing', { id: 'm-1', body: 'Old text' });
    await fixture.whenStable();
    expect(textarea().value).toBe('Old text');
    expect(sendButton().getAttribute('aria-label')).toBe('Save changes');

    await type('New text');
    await press('Enter');
    expect(saved).toEqual(['New text']);
    expect(sent).toEqual([]);
    // Editing is not typing a new message.
    expect(typing).toEqual([]);

    await press('Escape');
    expect(cancelled).toEqual(['edit']);
  });

  it('starts empty in another conversation', async () => {
    await type('draft');
    fixture.componentRef.setInput('conversationId', 'c-2');
    await fixture.whenStable();
    expect(textarea().value).toBe('');
  });
});

describe('Composer focus when a conversation opens', () => {
  afterEach(() => {
    delete (window as { matchMedia?: unknown }).matchMedia;
  });

  const matchMedia = jest.fn();

  async function open(pointer: 'mouse' | 'touch'): Promise<HTMLTextAreaElement> {
    matchMedia.mockReturnValue({ matches: pointer === 'mouse' });
    window.matchMedia = matchMedia;
    const fixture = TestBed.createComponent(Composer);
    document.body.append(fixture.nativeElement as HTMLElement);
    fixture.componentRef.setInput('conversationId', 'c-1');
    await fixture.whenStable();
    return (fixture.nativeElement as HTMLElement).querySelector('textarea')!;
  }

  it('takes the focus where there is a mouse, for typing at once', async () => {
    const textarea = await open('mouse');
    expect(document.activeElement).toBe(textarea);
    expect(matchMedia).toHaveBeenCalledWith('(hover: hover) and (pointer: fine)');
  });

  it('leaves the focus alone on a touch screen: no keyboard popping up unasked', async () => {
    const textarea = await open('touch');
    expect(document.activeElement).not.toBe(textarea);
  });
});
