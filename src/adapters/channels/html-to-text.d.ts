/** The part of html-to-text (no bundled types) that src/adapters/channels/html-text.ts uses. */
declare module 'html-to-text' {
  export function convert(html: string, options?: Record<string, unknown>): string;
}
