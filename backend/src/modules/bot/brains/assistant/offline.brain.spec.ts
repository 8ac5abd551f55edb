import { OfflineAssistantBrain } from './offline.brain';

describe('OfflineAssistantBrain', () => {
  const reply = async (question: string) => {
    let text = '';
    const prompt = {
      turns: [{ role: 'user' as const, author: 'Ann', text: question, fromRequester: true }],
    };
    for await (const chunk of new OfflineAssistantBrain().reply(
      prompt,
      new AbortController().signal,
    )) {
      text += chunk;
    }
    return text;
  };

  it('says it is offline, quotes the question and tells how to connect a model', async () => {
    const text = await reply('What is the capital of France?');
    expect(text).toMatch(/offline/);
    expect(text).toContain('"What is the capital of France?"');
    expect(text).toContain('LLM_BASE_URL');
    expect(await reply('What is the capital of France?')).toBe(text);
  });

  it('shortens a long question', async () => {
    expect(await reply('x'.repeat(500))).toContain(`"${'x'.repeat(79)}…"`);
  });
});
