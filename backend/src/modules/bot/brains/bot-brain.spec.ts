import { streamText } from './bot-brain';

describe('streamText', () => {
  it('yields the whole text, spaces and line breaks included, in several chunks', async () => {
    const text = '**M**: EU 48-50\nReason: chest about 98 cm falls in M.';
    const chunks: string[] = [];
    for await (const chunk of streamText(text, new AbortController().signal)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(text);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of streamText(
          'one two three four five six seven',
          controller.signal,
        )) {
          chunks.push(chunk);
          controller.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(chunks).toHaveLength(1);
  });
});
