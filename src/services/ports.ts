/**
 * What services need from the outside world, as interfaces: the container
 * (src/container.ts) hands services the concrete adapters (src/adapters), so
 * no service imports one, and tests may hand in their own.
 */

/** An e-mail to send. */
export interface OutgoingMail {
  to: string | { name: string; address: string } | string[];
  subject: string;
  text: string;
  /** Answer in this thread (a Message-ID, with its angle brackets). */
  inReplyTo?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: string | Buffer; contentType: string }>;
}

/** Sends e-mail from the installation's sender address (DEFUSE_SMTP_FROM). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
}

/** Prints a self-contained HTML page to PDF. */
export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A language model that drafts text (an OpenAI-compatible chat endpoint); throws on failure or timeout. */
export interface LlmClient {
  complete(messages: ChatMessage[]): Promise<string>;
}
