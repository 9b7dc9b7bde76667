import { describe, expect, it } from 'vitest';
import { estimateJaccard, findCampaigns, minhash, type PostForCampaign, shingles } from './near-duplicates.js';

// Ordinary traffic: many people, many ways of saying things (fragments combined at random).
const OPENINGS = ['Hi,', 'Hello Acme,', 'Seriously?', 'Well.', 'Guys,', 'Question:', 'Ugh,', 'FYI', 'Dear support,', 'Hey'];
const SUBJECTS = [
  'my order',
  'the parcel',
  'your app',
  'the website',
  'my refund',
  'the courier',
  'the new jacket',
  'my card payment',
  'the store on Main street',
  'the discount code',
  'support chat',
  'the coffee machine',
];
const PROBLEMS = [
  'still has not arrived',
  'crashes all the time',
  'got more expensive',
  'was left at the wrong door',
  'was charged twice',
  'logs me out',
  'is the wrong size',
  'does not answer',
  'works great',
  'takes forever',
  'does not work',
  'is broken again',
];
const DETAILS = [
  'after ten days',
  'since the update',
  'for the third time',
  'this morning',
  'on my iPhone',
  'even after I called',
  'and nobody explains why',
  'for a week now',
  'which is odd',
  'at checkout',
  'again and again',
  'since Monday',
];
const ENDINGS = ['', 'please help', 'what now?', 'thanks', 'not happy', 'any news?', 'really', 'come on', 'sigh', 'ok?'];
function rnd(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

function normalTraffic(n: number): PostForCampaign[] {
  const r = rnd(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    author: `user${i}`,
    text: `${pick(OPENINGS)} ${pick(SUBJECTS)} ${pick(PROBLEMS)} ${pick(DETAILS)} ${pick(ENDINGS)} ${Math.floor(r() * 90000)}`,
    at: new Date(Date.UTC(2026, 11, 1) + i * 5 * 60_000).toISOString(),
  }));
}

describe('near-duplicate campaigns', () => {
  it('estimates similarity', () => {
    const fns = Array.from({ length: 64 }, (_, i) => [i * 2 + 1, i + 7] as [number, number]);
    const a = minhash(shingles('Everyone switch to RivalShop, this shop sells fakes and steals your money'), fns);
    const b = minhash(shingles('everyone switch to RivalShop!! this shop sells fakes and steals your money'), fns);
    const c = minhash(shingles('My parcel is late and the courier does not answer the phone'), fns);
    expect(estimateJaccard(a, b)).toBeGreaterThan(0.9);
    expect(estimateJaccard(a, c)).toBeLessThan(0.2);
  });

  it('flags 20 near-identical posts from different authors among ordinary traffic, and nothing else', () => {
    const base = 'Do not buy at Acme, they sell fakes and ignore complaints. RivalShop is cheaper and honest, switch now';
    const variants = ['', '!!', ' 😡', ' #acme', ' trust me', ' — really'];
    const campaign: PostForCampaign[] = Array.from({ length: 20 }, (_, i) => ({
      id: `c${i}`,
      author: `fresh_account_${i}`,
      text:
        (i % 3 === 0 ? base.replace('cheaper', 'much cheaper') : i % 3 === 1 ? base.toLowerCase() : `@AcmeShop ${base}`) +
        variants[i % variants.length],
      at: new Date(Date.UTC(2026, 11, 1, 14) + i * 4 * 60_000).toISOString(),
    }));
    const posts = [...normalTraffic(400), ...campaign];
    const found = findCampaigns(posts);
    expect(found).toHaveLength(1);
    expect(found[0]!.ids.sort()).toEqual(campaign.map((p) => p.id).sort());
    expect(found[0]!.authors).toBe(20);
  });

  it('one author repeating themselves, or similar posts spread over weeks, is not a campaign', () => {
    const same = Array.from({ length: 10 }, (_, i) => ({
      id: `s${i}`,
      author: 'angry_bob',
      text: 'Still no refund for order 5512, this is a scam',
      at: new Date(Date.UTC(2026, 11, 1) + i * 3_600_000).toISOString(),
    }));
    expect(findCampaigns(same)).toEqual([]);
    const slow = Array.from({ length: 10 }, (_, i) => ({
      id: `w${i}`,
      author: `u${i}`,
      text: 'Still no refund for order 5512, this is a scam',
      at: new Date(Date.UTC(2026, 10, 1) + i * 4 * 86_400_000).toISOString(),
    }));
    expect(findCampaigns(slow)).toEqual([]);
  });
});
