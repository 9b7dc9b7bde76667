/**
 * A client for any OpenAI-compatible chat-completions endpoint (OpenAI, a
 * local Ollama or vLLM, …): POST {baseUrl}/chat/completions. Off unless
 * DEFUSE_LLM_BASE_URL is set; every call has a timeout.
 */
import type { ChatMessage, LlmClient } from '../../services/ports.js';

export interface ChatConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export class OpenAiChatClient implements LlmClient {
  constructor(private readonly config: ChatConfig) {}

  async complete(messages: ChatMessage[]): Promise<string> {
    const config = this.config;
    const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify({ model: config.model, messages, temperature: 0.3, max_tokens: 400 }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    if (!res.ok) throw new Error(`the language model answered ${res.status}`);
    const body = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string' || !content.trim()) throw new Error('the language model returned no text');
    return content.trim().slice(0, 4000);
  }
}
