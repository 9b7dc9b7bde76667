/**
 * Coordinated campaigns (a sign of black PR): groups of near-identical texts
 * from different authors in a short time. MinHash over word shingles
 * estimates the Jaccard similarity of two texts; locality-sensitive hashing
 * (bands of the signature) finds candidate pairs without comparing every
 * pair; candidates above the similarity threshold are joined into groups.
 */
import { normalizeForSearch } from '../mentions/search-text.js';

export interface CampaignOptions {
  /** Signature length = bands × rows. */
  bands: number;
  rows: number;
  /** Estimated Jaccard similarity of word 2-shingles at or above which two texts are near-duplicates. */
  threshold: number;
  /** A campaign: at least this many texts … */
  minSize: number;
  /** … from at least this many different authors … */
  minAuthors: number;
  /** … within this many hours. */
  windowHours: number;
  /** Texts shorter than this many words are left out: short complaints ("app is down") are alike by nature. */
  minWords: number;
}

export const DEFAULT_CAMPAIGN_OPTIONS: CampaignOptions = {
  bands: 16,
  rows: 4,
  threshold: 0.7,
  minSize: 5,
  minAuthors: 3,
  windowHours: 24,
  minWords: 8,
};

export interface PostForCampaign {
  id: string;
  author: string;
  text: string;
  at: string;
}

export interface Campaign {
  ids: string[];
  authors: number;
  from: string;
  to: string;
  /** The first text of the group, as an example. */
  sample: string;
}

const MERSENNE = 2 ** 31 - 1;

/** FNV-1a, 32 bits. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Word 2-shingles of the normalised text (links and @handles dropped), or the words themselves for very short texts. */
export function shingles(text: string): Set<number> {
  const words = normalizeForSearch(text.replace(/https?:\/\/\S+/g, ' ').replace(/@\w+/g, ' ')).match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<number>();
  if (words.length < 3) for (const w of words) out.add(hash32(w));
  for (let i = 0; i + 1 < words.length; i++) out.add(hash32(`${words[i]} ${words[i + 1]}`));
  return out;
}

/** Fixed hash functions h(x) = (a·x + b) mod p, the same on every run. */
function hashFunctions(n: number): Array<[number, number]> {
  const fns: Array<[number, number]> = [];
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed % (MERSENNE - 1)) + 1;
  };
  for (let i = 0; i < n; i++) fns.push([next(), next()]);
  return fns;
}

/** a·b mod m for a, b < 2^31 in exact double arithmetic (no BigInt on the hot path): a is split into 16-bit halves so no product exceeds 2^47. */
const mulmod = (a: number, b: number, m: number): number => {
  const hi = Math.floor(a / 65536);
  const lo = a % 65536;
  return (((hi * b) % m) * 65536 + lo * b) % m;
};

export function minhash(set: Set<number>, fns: Array<[number, number]>): Uint32Array {
  const sig = new Uint32Array(fns.length).fill(0xffffffff);
  for (const x of set) {
    const v = x % MERSENNE;
    for (let i = 0; i < fns.length; i++) {
      const [a, b] = fns[i]!;
      const h = (mulmod(a, v, MERSENNE) + b) % MERSENNE;
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

export const estimateJaccard = (a: Uint32Array, b: Uint32Array): number => {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
};

const FNS = new Map<number, Array<[number, number]>>();
const fnsFor = (n: number) => {
  let f = FNS.get(n);
  if (!f) FNS.set(n, (f = hashFunctions(n)));
  return f;
};

/** The MinHash signature of a text, or null when it is too short to judge. */
export function signatureOf(text: string, options: Partial<CampaignOptions> = {}): Uint32Array | null {
  const o = { ...DEFAULT_CAMPAIGN_OPTIONS, ...options };
  if ((normalizeForSearch(text).match(/[\p{L}\p{N}]+/gu)?.length ?? 0) < o.minWords) return null;
  return minhash(shingles(text), fnsFor(o.bands * o.rows));
}

/** The keys of a signature's bands: two texts sharing any key are candidate near-duplicates. */
export function bandKeys(sig: Uint32Array, options: Partial<CampaignOptions> = {}): string[] {
  const o = { ...DEFAULT_CAMPAIGN_OPTIONS, ...options };
  return Array.from({ length: o.bands }, (_, b) => `${b}:${hash32(Array.from(sig.subarray(b * o.rows, (b + 1) * o.rows)).join(','))}`);
}

export const encodeSignature = (sig: Uint32Array): string => Array.from(sig).join(',');
export const decodeSignature = (s: string): Uint32Array => Uint32Array.from(s.split(',').map(Number));

export function findCampaigns(posts: readonly PostForCampaign[], options: Partial<CampaignOptions> = {}): Campaign[] {
  const o = { ...DEFAULT_CAMPAIGN_OPTIONS, ...options };
  const fns = fnsFor(o.bands * o.rows);
  const sigs = posts.map((p) => signatureOf(p.text, o) ?? new Uint32Array(fns.length).fill(0xffffffff));
  // Union-find over near-duplicate pairs found through the bands.
  const parent = posts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let band = 0; band < o.bands; band++) {
    const buckets = new Map<string, number[]>();
    sigs.forEach((sig, i) => {
      if (sig[0] === 0xffffffff) return; // too short to judge
      const key = Array.from(sig.subarray(band * o.rows, (band + 1) * o.rows)).join(',');
      buckets.set(key, [...(buckets.get(key) ?? []), i]);
    });
    for (const members of buckets.values()) {
      for (let k = 1; k < members.length; k++) {
        const a = members[0]!;
        const b = members[k]!;
        if (find(a) !== find(b) && estimateJaccard(sigs[a]!, sigs[b]!) >= o.threshold) parent[find(b)] = find(a);
      }
    }
  }
  const groups = new Map<number, number[]>();
  posts.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  const campaigns: Campaign[] = [];
  for (const members of groups.values()) {
    if (members.length < o.minSize) continue;
    // The densest run of the group inside the time window.
    const sorted = members.sort((a, b) => posts[a]!.at.localeCompare(posts[b]!.at));
    let best: number[] = [];
    for (let s = 0, e = 0; s < sorted.length; s++) {
      while (e < sorted.length && Date.parse(posts[sorted[e]!]!.at) - Date.parse(posts[sorted[s]!]!.at) <= o.windowHours * 3_600_000) e++;
      if (e - s > best.length) best = sorted.slice(s, e);
    }
    const authors = new Set(best.map((i) => posts[i]!.author)).size;
    if (best.length >= o.minSize && authors >= o.minAuthors) {
      campaigns.push({
        ids: best.map((i) => posts[i]!.id),
        authors,
        from: posts[best[0]!]!.at,
        to: posts[best.at(-1)!]!.at,
        sample: posts[best[0]!]!.text,
      });
    }
  }
  return campaigns.sort((a, b) => b.ids.length - a.ids.length);
}
