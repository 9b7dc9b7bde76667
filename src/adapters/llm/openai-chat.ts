/**
 * A client for any OpenAI-compatible chat-completions endpoint (OpenAI, a
 * local Ollama or vLLM, …): POST {baseUrl}/chat/completions. Off unless
 * DEFUSE_LLM_BASE_URL is set; every call has a timeout.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/** Per-call choices; the defaults are the drafts'. */
export interface ChatOptions {
  temperature?: number;
  maxTokens?: number;
  /** e.g. `{ type: 'json_schema', json_schema: {...} }`; servers that do not know it may answer 400. */
  responseFormat?: Record<string, unknown>;
}

/** The endpoint answered with an HTTP error status. */
export class ChatHttpError extends Error {
  constructor(readonly status: number) {
    super(`the language model answered ${status}`);
    this.name = 'ChatHttpError';
  }
}

export async function chatComplete(config: ChatConfig, messages: ChatMessage[], options: ChatOptions = {}): Promise<string> {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
    body: JSON.stringify({
      model: config.model,
      messages,
      temperature: options.temperature ?? 0.3,
      max_tokens: options.maxTokens ?? 400,
      ...(options.responseFormat ? { response_format: options.responseFormat } : {}),
    }),
    signal: AbortSignal.timeout(config.timeoutMs),
  });
  if (!res.ok) throw new ChatHttpError(res.status);
  const body = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || !content.trim()) throw new Error('the language model returned no text');
  return content.trim().slice(0, 4000);
}
