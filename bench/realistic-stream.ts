/**
 * A realistic stream of mentions for the end-to-end benchmarks: what a
 * brand's feeds deliver during a bad night, in the proportions seen in real
 * feeds rather than a few templates.
 *
 * - Texts are real posts (tweets and short reviews in English, Russian,
 *   Romanian and Arabic from ../shared/datasets/measure, read at run time and
 *   never copied into the repository; the project's generated corpus stands
 *   in when the data sets are absent).
 * - Authors repeat: handles are drawn from a Zipf distribution, so a few
 *   people post dozens of times and most post once.
 * - Threads: about 15% are replies (`in_reply_to`) to an earlier mention,
 *   half of them by its own author.
 * - Near-duplicates: about 10% are copies of a handful of campaign texts
 *   with small edits (a copy-paste wave), from different authors.
 * - Short common texts: about 15% are "+1", "same here", "Ужас", "نفس
 *   المشكلة", emoji alone — identical texts from many authors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seededRandom } from '../scripts/training/random.js';

const REPO = resolve(import.meta.dirname, '..');
const DATASETS = process.env.DEFUSE_DATASETS ?? resolve(REPO, '../shared/datasets');
const SOURCES = ['airline_tweets', 'rusentitweet_ru', 'rosent_reviews_ro', 'arsas_ar', 'mozetic_twitter_ru', 'laroseda'];
const MAX_TEXT = 600;

const SHORT = [
  '+1',
  'same here',
  'same',
  'this.',
  '👎',
  '😡😡😡',
  '??',
  'Ужас',
  'Согласен',
  'У меня то же самое',
  '+',
  'Și eu',
  'La fel',
  'Rușine!',
  'نفس المشكلة',
  'وانا كمان',
  '😂',
  'Позор',
];

const CAMPAIGNS = [
  'Не покупайте у них! Деньги списали дважды, возврата нет. Берите в другом магазине',
  'Nu mai comandați de aici, m-au taxat de două ori și nu răspunde nimeni',
  'لا تشتروا منهم، خصموا المبلغ مرتين ولا أحد يرد',
  'Do not buy from them. Charged twice, no refund, support ignores you. Boycott',
];

function realTexts(): string[] {
  const lists = SOURCES.map((s) => join(DATASETS, 'measure', s, 'data.jsonl'))
    .filter(existsSync)
    .map((p) =>
      readFileSync(p, 'utf8')
        .split('\n')
        .filter(Boolean)
        .slice(0, 6000)
        .map((l) => (JSON.parse(l) as { text: string }).text)
        .filter((t) => t.length > 0 && t.length <= MAX_TEXT),
    );
  if (lists.length === 0) {
    lists.push(
      readFileSync(join(REPO, 'training/corpus/generated.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { text: string }).text),
    );
  }
  // Interleaved, so every stretch of the stream mixes the languages.
  const out: string[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

export interface StreamMention {
  channel: string;
  external_id: string;
  author: { handle: string; name: string };
  text: string;
  created_at: string;
  public: boolean;
  in_reply_to?: string;
}

/** Zipf-like author draw over `authors` handles (s ≈ 1.1): rank r has weight 1/r^s. */
function zipf(random: () => number, authors: number): () => number {
  const s = 1.1;
  const cumulative = new Float64Array(authors);
  let sum = 0;
  for (let r = 1; r <= authors; r++) cumulative[r - 1] = sum += 1 / Math.pow(r, s);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = authors - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** `total` mentions posted over the `spanMinutes` before `end`, in posting order. */
export function realisticStream(total: number, options: { seed?: number; end?: Date; spanMinutes?: number; prefix?: string } = {}): StreamMention[] {
  const random = seededRandom(options.seed ?? 17);
  const texts = realTexts();
  const end = (options.end ?? new Date()).getTime();
  const span = (options.spanMinutes ?? 120) * 60_000;
  const prefix = options.prefix ?? 'rs';
  const author = zipf(random, Math.max(50, Math.round(total * 0.45)));
  const channels = ['twitter', 'twitter', 'facebook', 'instagram', 'reviews'];
  const out: StreamMention[] = [];
  let nextText = 0;
  for (let i = 0; i < total; i++) {
    const a = author();
    const roll = random();
    let text: string;
    let in_reply_to: string | undefined;
    let handle = `user${a}`;
    let channel = channels[a % channels.length]!;
    if (roll < 0.15) {
      text = SHORT[Math.floor(random() * SHORT.length)]!;
    } else if (roll < 0.25) {
      const c = CAMPAIGNS[Math.floor(random() * CAMPAIGNS.length)]!;
      // Small edits: punctuation, a number, an emoji or a word appended.
      const edits = ['', '!', '!!', ' 😡', ` #${Math.floor(random() * 5)}`, ' ПОЗОР', ' rt'];
      text = c + edits[Math.floor(random() * edits.length)]!;
    } else {
      text = texts[nextText++ % texts.length]!;
      if (roll < 0.4 && out.length > 20) {
        // A reply in a thread: to a recent mention, half the time by its own author.
        const parent = out[out.length - 1 - Math.floor(random() * Math.min(out.length, 500))]!;
        in_reply_to = parent.external_id;
        channel = parent.channel;
        if (random() < 0.5) handle = parent.author.handle;
      }
    }
    out.push({
      channel,
      external_id: `${prefix}-${i}`,
      author: { handle, name: `User ${handle.slice(4)}` },
      text,
      created_at: new Date(end - span + Math.floor((i / total) * span)).toISOString(),
      public: random() < 0.85,
      ...(in_reply_to ? { in_reply_to } : {}),
    });
  }
  return out;
}
