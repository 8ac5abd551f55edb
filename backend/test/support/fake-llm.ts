import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake model answers one request. */
export type LlmScenario =
  /** Streams `text` in chunks of a few characters, `delayMs` apart, then finishes. */
  | { kind: 'stream'; text: string; delayMs?: number }
  /** 429 with a Retry-After header (seconds). */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** Streams part of `text`, then drops the connection without finishing. */
  | { kind: 'cut'; text: string }
  /** Sends the headers and one chunk, then nothing more. */
  | { kind: 'stall' }
  /** Sends a chunk that is not JSON. */
  | { kind: 'malformed' };

export interface LlmRequest {
  at: number;
  body: { model: string; stream: boolean; messages: { role: string; content: string }[] };
}

/**
 * A real HTTP server speaking the OpenAI chat completions streaming protocol (SSE), as Ollama,
 * vLLM and llama.cpp do, so the assistant is tested through its real client.
 */
export class FakeLlm {
  readonly requests: LlmRequest[] = [];
  private readonly scenarios: LlmScenario[] = [];
  private readonly open = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeLlm> {
    const server = createServer();
    const llm = new FakeLlm(server);
    server.on('request', (req, res) => void llm.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return llm;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Answers the next requests in this order; with none queued it streams "OK.". */
  queue(...scenarios: LlmScenario[]): void {
    this.scenarios.push(...scenarios);
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    this.requests.push({ at: Date.now(), body: JSON.parse(raw) as LlmRequest['body'] });
    const scenario = this.scenarios.shift() ?? { kind: 'stream', text: 'OK.' };
    if (scenario.kind === 'rate-limited') {
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(scenario.retryAfterSeconds),
        })
        .end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
      return;
    }
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (content: string | null, finish: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion.chunk',
          created: 0,
          model: 'test',
          choices: [
            { index: 0, delta: content === null ? {} : { content }, finish_reason: finish },
          ],
        })}\n\n`,
      );
    const chunks = (text: string) => text.match(/.{1,4}/gs) ?? [];
    switch (scenario.kind) {
      case 'stream':
        for (const piece of chunks(scenario.text)) {
          if (res.destroyed) return;
          send(piece);
          if (scenario.delayMs) await new Promise((r) => setTimeout(r, scenario.delayMs));
        }
        send(null, 'stop');
        res.end('data: [DONE]\n\n');
        return;
      case 'cut':
        for (const piece of chunks(scenario.text).slice(0, 3)) send(piece);
        // Let the partial answer reach the client first: a cut before any byte arrives is a
        // connection error the client retries by itself.
        await new Promise((r) => setTimeout(r, 200));
        res.destroy();
        return;
      case 'stall':
        send('Thinking');
        return;
      case 'malformed':
        res.write('data: {"id": "chatcmpl-test", "choices": [{"delta": {"content": "br\n\n');
        res.end('data: [DONE]\n\n');
        return;
    }
  }
}
