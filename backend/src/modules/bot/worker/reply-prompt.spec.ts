import type { MessageDto } from '../../messages/dto/message.dto';
import { buildPrompt, withVisitorContext } from './reply-prompt';

const person = (id: string, name: string) => ({
  id,
  username: name.toLowerCase(),
  displayName: name,
  avatarUrl: null,
  isBot: id === 'bot',
  serverRole: 'member' as const,
  deactivated: false,
  support: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});
let seq = 0;
const message = (
  sender: string,
  body: string | null,
  extra: Partial<MessageDto> = {},
): MessageDto => {
  seq += 1;
  return {
    id: `m${seq}`,
    conversationId: 'c',
    seq,
    sender: person(sender, sender === 'bot' ? 'SizeBot' : sender),
    body,
    clientMessageId: `c${seq}`,
    replyToId: null,
    threadRootId: null,
    alsoToConversation: false,
    forwardedFrom: null,
    thread: null,
    kind: sender === 'bot' ? 'bot' : 'text',
    status: 'complete',
    system: null,
    failureReason: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    reactions: [],
    mentions: [],
    mentionsHere: false,
    linkPreview: null,
    attachments: [],
    ...extra,
  };
};

describe('buildPrompt', () => {
  beforeEach(() => (seq = 0));

  it('keeps the conversation in order, marking the bot and the person it answers', () => {
    const history = [
      message('Ann', 'I am 180 cm'),
      message('bot', 'And your weight?'),
      message('Ben', 'hello all'),
      message('Ann', '75 kg'),
    ];
    const prompt = buildPrompt(history, history[3], 'bot', 1000);
    expect(prompt.turns).toEqual([
      { role: 'user', author: 'Ann', text: 'I am 180 cm', fromRequester: true },
      { role: 'bot', author: 'SizeBot', text: 'And your weight?', fromRequester: false },
      { role: 'user', author: 'Ben', text: 'hello all', fromRequester: false },
      { role: 'user', author: 'Ann', text: '75 kg', fromRequester: true },
    ]);
  });

  it('leaves out deleted messages, system notes, unfinished replies and anything after the question', () => {
    const history = [
      message('Ann', null, { deletedAt: '2026-01-01T00:00:00.000Z' }),
      message('Ann', 'Ann created the group', { kind: 'system' }),
      message('bot', '', { status: 'streaming' }),
      message('Ann', 'size?'),
      message('Ann', 'later'),
    ];
    expect(buildPrompt(history, history[3], 'bot', 1000).turns.map((t) => t.text)).toEqual([
      'size?',
    ]);
  });

  it('drops the oldest turns past the budget and cuts an oversize question', () => {
    const history = [message('Ann', 'a'.repeat(50)), message('Ann', 'b'.repeat(30))];
    expect(buildPrompt(history, history[1], 'bot', 60).turns.map((t) => t.text)).toEqual([
      'b'.repeat(30),
    ]);
    expect(buildPrompt(history, history[1], 'bot', 10).turns).toEqual([
      expect.objectContaining({ text: 'b'.repeat(10) }),
    ]);
  });
});

describe('withVisitorContext', () => {
  const prompt = {
    turns: [{ role: 'user' as const, author: 'Visitor', text: 'Which size?', fromRequester: true }],
  };

  it('leaves a prompt without a product page as it is', () => {
    expect(withVisitorContext(prompt, null)).toBe(prompt);
    expect(withVisitorContext(prompt, {})).toBe(prompt);
  });

  it("puts the visitor's product page first, said by the visitor", () => {
    expect(
      withVisitorContext(prompt, { product: 'Slim jeans', category: 'bottoms' }).turns,
    ).toEqual([
      {
        role: 'user',
        author: 'Visitor',
        text: "I'm looking at Slim jeans (bottoms).",
        fromRequester: true,
      },
      ...prompt.turns,
    ]);
  });
});
