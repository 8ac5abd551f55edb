// A local model server speaking the OpenAI-compatible chat completions streaming protocol
// (server-sent `chat.completion.chunk`s, then `[DONE]`), as Ollama or vLLM do: the assistant's
// worker talks to it through its real client, as in frontend/e2e/fake-model.ts.
import { createServer } from 'node:http';
import { sleep } from '../util.mjs';

const ANSWER = 'A soak reply, streamed a few characters at a time.';
const CHUNK_DELAY_MS = 15;

export async function startFakeModel() {
  let requests = 0;
  const server = createServer(async (req, res) => {
    for await (const chunk of req) void chunk;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    requests += 1;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta, finish) =>
      `data: ${JSON.stringify({
        id: 'chatcmpl-soak',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'soak',
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;
    for (const piece of ANSWER.match(/.{1,6}/gs)) {
      // The worker closed the request (stopped, or killed).
      if (res.destroyed) return;
      res.write(chunk({ content: piece }, null));
      await sleep(CHUNK_DELAY_MS);
    }
    res.write(chunk({}, 'stop'));
    res.end('data: [DONE]\n\n');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    requests: () => requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
