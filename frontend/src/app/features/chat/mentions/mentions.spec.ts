import { alice, bob, carol, conversation, member, message } from '../data-access/chat.testing';
import { renderMarkdown } from '../ui/markdown/render-markdown';
import { insertMention, mentionMarks, mentionQueryAt, mentionsMe } from './mentions';

describe('mentionQueryAt', () => {
  it('finds the @query before the caret, only at a word start', () => {
    expect(mentionQueryAt('hi @bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail x@bo', 9)).toBeNull();
    expect(mentionQueryAt('hi @bob there', 13)).toBeNull();
  });
});

describe('insertMention', () => {
  it('replaces the query with @username and one space', () => {
    expect(insertMention('hi @bo', 3, 6, 'bob')).toEqual({ text: 'hi @bob ', caret: 8 });
    expect(insertMention('hi @bo there', 3, 6, 'bob')).toEqual({
      text: 'hi @bob there',
      caret: 8,
    });
  });
});

describe('mentions in messages', () => {
  const group = conversation({
    type: 'group',
    members: [member(alice), member(bob), member(carol)],
  });

  it('mentionsMe: by name or @here, never the user’s own message', () => {
    expect(mentionsMe(message(1, { mentions: [alice.id] }), alice.id)).toBe(true);
    expect(mentionsMe(message(1, { mentionsHere: true }), alice.id)).toBe(true);
    expect(mentionsMe(message(1, { mentions: [carol.id] }), alice.id)).toBe(false);
    expect(mentionsMe(message(1, { sender: alice, mentionsHere: true }), alice.id)).toBe(false);
  });

  it('renders the server’s mentions as spans, the reader’s own more strongly, sanitized', () => {
    const text = message(1, {
      body: 'hey @alice and @carol, not @dave or x@carol; `@carol` <b>@alice</b>',
      mentions: [alice.id, carol.id],
    });
    const html = renderMarkdown(text.body!, {
      profile: 'person',
      mentions: mentionMarks(text, group, alice.id),
    });
    const container = document.createElement('div');
    container.innerHTML = html;
    const spans = Array.from(container.querySelectorAll('span.mention'));
    expect(
      spans.map((s) => [
        s.textContent,
        s.getAttribute('title'),
        s.classList.contains('mention-me'),
      ]),
    ).toEqual([
      [`@${alice.displayName}`, '@alice', true],
      [`@${carol.displayName}`, '@carol', false],
      // Raw HTML stays text as typed; the server reads that @alice as a mention too.
      [`@${alice.displayName}`, '@alice', true],
    ]);
    expect(container.querySelector('code')?.textContent).toBe('@carol');
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain(`<b>@${alice.displayName}</b>`);
  });

  it('marks @here only when the server says so', () => {
    const here = message(1, { body: '@here standup', mentionsHere: true });
    const marked = renderMarkdown(here.body!, {
      profile: 'person',
      mentions: mentionMarks(here, group, alice.id),
    });
    expect(marked).toContain('<span class="mention mention-me">@here</span>');
    const plain = message(2, { body: '@here standup' });
    expect(mentionMarks(plain, group, alice.id)).toBeNull();
    expect(renderMarkdown(plain.body!, { profile: 'person' })).not.toContain('mention');
  });
});
