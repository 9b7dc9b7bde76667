/**
 * A mention quoted in a report as an example (a systemic problem, a campaign's
 * sample): at most EXCERPT_CHARS characters, cut at a word when one ends near
 * the limit, with "…" when cut. The HTML, its PDF and the CSV all quote this.
 */
export const EXCERPT_CHARS = 280;

export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.trim();
  if ([...flat].length <= max) return flat;
  // By code points, so an emoji or a rare letter is never split in half; one place is kept for the "…".
  const points = [...flat].slice(0, max - 1);
  const head = points.join('');
  const space = head.search(/\s\S*$/);
  const cut = space > head.length * 0.8 ? head.slice(0, space) : head;
  return `${cut.trimEnd()}…`;
}
