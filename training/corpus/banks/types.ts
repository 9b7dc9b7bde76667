/** A phrase bank: how to write each kind of mention in one language. */
import type { Kind, Sentiment } from '../../../src/domain/labels.js';

export type Pick = <T>(items: readonly T[]) => T;
export type Maybe = (p: number) => boolean;

export interface Generated {
  text: string;
  kind: Kind;
  sentiment: Sentiment;
}

export interface Bank {
  lang: 'en' | 'ru' | 'ro' | 'ar';
  /** One generator per kind (and extra sentiment-only styles such as reviews); weights say how often. */
  generators: { weight: number; make: (pick: Pick, maybe: Maybe) => Generated }[];
}

/** Fills `{slot}` placeholders from the given lists. */
export function fill(pick: Pick, template: string, slots: Record<string, readonly string[]>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const list = slots[name];
    if (!list) throw new Error(`no slot ${name}`);
    return fill(pick, pick(list), slots);
  });
}
