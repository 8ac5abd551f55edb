import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the fake model: `text` streamed a few characters at a time, `delayMs` apart. */
export interface ModelAnswer {
  readonly text: string;
  readonly delayMs: number;
}

/**
 * A real HTTP server on a free local port speaking the OpenAI-compatible chat completions
 * streaming protocol (server-sent `chat.completion.chunk`s, then `[DONE]`), as Ollama or vLLM
 * do, so the assistant's worker talks to it through its real client. It answers with the queued
 * answers in order, then "OK.".
 */
export class FakeModel {
  private readonly answers: ModelAnswer[] = [];
  private readonly open = new Set<ServerResponse>();
  requests = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeModel> {
    const server = createServer();
    const model = new FakeModel(server);
    server.on('request', (req, res) => void model.answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return model;
  }

  /** What `LLM_BASE_URL` is set to. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  queue(...answers: ModelAnswer[]): void {
    this.answers.push(...answers);
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const chunk of req) void chunk;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    this.requests++;
    const { text, delayMs } = this.answers.shift() ?? { text: 'OK.', delayMs: 0 };
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: { content?: string }, finish: string | null) =>
      `data: ${JSON.stringify({
        id: 'chatcmpl-e2e',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'e2e',
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;
    for (const piece of text.match(/.{1,4}/gs) ?? []) {
      // Stopped: the worker closed the request.
      if (res.destroyed) return;
      res.write(chunk({ content: piece }, null));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    res.write(chunk({}, 'stop'));
    res.end('data: [DONE]\n\n');
  }
}
