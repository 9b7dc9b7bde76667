/**
 * HTML to plain text for what channels hand in as HTML (feed summaries, HTML
 * e-mail): a real parser (html-to-text, over htmlparser2), never a renderer:
 * scripts, styles and images are dropped, links keep their text only, and
 * the result is plain text the desk shows as text.
 */
// html-to-text ships no types: the one function used here is declared in ./html-to-text.d.ts.
import { convert } from 'html-to-text';

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};

/** The text of an HTML fragment, paragraphs separated by blank lines, whitespace tidied. */
export function htmlToText(html: string): string {
  return convert(html, OPTIONS)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
