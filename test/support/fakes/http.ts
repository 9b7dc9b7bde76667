/**
 * The small HTTP server the fake channel APIs (Telegram, Mastodon, VK) are built on: node:http on 127.0.0.1 with a
 * free port, request bodies decoded (JSON, form, query string), every request recorded, and failures queued.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface FakeRequest {
  method: string;
  path: string;
  /** Query string and body parameters together (a repeated key such as `types[]` keeps every value). */
  params: Record<string, string | string[]>;
  /** The JSON body, when it was JSON. */
  json: unknown;
  headers: IncomingMessage['headers'];
}

export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFake(handle: (req: FakeRequest) => FakeReply | Promise<FakeReply>): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const params: Record<string, string | string[]> = {};
        const add = (k: string, v: string) => {
          const had = params[k];
          params[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
        };
        url.searchParams.forEach((v, k) => add(k, v));
        const raw = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        const type = req.headers['content-type'] ?? '';
        if (raw && type.includes('json')) {
          json = JSON.parse(raw) as unknown;
          if (json && typeof json === 'object' && !Array.isArray(json))
            for (const [k, v] of Object.entries(json)) add(k, typeof v === 'string' ? v : JSON.stringify(v));
        } else if (raw) new URLSearchParams(raw).forEach((v, k) => add(k, v));
        const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, params, json, headers: req.headers };
        requests.push(request);
        try {
          const reply = await handle(request);
          res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
          res.end(JSON.stringify(reply.body));
        } catch (err) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(err) }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One string parameter (the first when repeated). */
export function param(req: FakeRequest, name: string): string | undefined {
  const v = req.params[name];
  return Array.isArray(v) ? v[0] : v;
}
