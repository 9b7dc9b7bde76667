/**
 * A local language-model server speaking the OpenAI chat-completions
 * protocol (POST /v1/chat/completions), for tests: each request is recorded
 * and answered by the test's `respond` function (a status, a content text,
 * an optional delay). Nothing leaves the machine.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLlmRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  temperature?: number;
  auth: string | undefined;
}

export interface FakeLlmReply {
  status?: number;
  /** The assistant message's content (ignored with a status other than 200). */
  content?: string;
  /** Answer only after this long (for time-outs). */
  delayMs?: number;
}

export interface FakeLlm {
  url: string;
  requests: FakeLlmRequest[];
  respond: (req: FakeLlmRequest) => FakeLlmReply;
  close(): Promise<void>;
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const fake: FakeLlm = { url: '', requests: [], respond: () => ({ status: 500 }), close: async () => {} };
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.url !== '/v1/chat/completions' || req.method !== 'POST') return res.writeHead(404).end();
      const body = JSON.parse(raw) as Omit<FakeLlmRequest, 'auth'>;
      const request: FakeLlmRequest = { ...body, auth: req.headers.authorization };
      fake.requests.push(request);
      const reply = fake.respond(request);
      const send = () => {
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        if (status !== 200) return res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":{"message":"refused"}}');
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: reply.content ?? '' }, finish_reason: 'stop' }],
          }),
        );
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return fake;
}
