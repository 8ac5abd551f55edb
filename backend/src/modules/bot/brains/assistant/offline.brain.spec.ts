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

  it('tells the person in plain words that it cannot answer, with no setup instructions', async () => {
    const text = await reply('What is the capital of France?');
    expect(text).toMatch(/can't answer yet/);
    expect(text).not.toMatch(/LLM_|=|`|https?:/);
    expect(text.length).toBeLessThan(200);
    expect(await reply('Something else entirely')).toBe(text);
  });
});
