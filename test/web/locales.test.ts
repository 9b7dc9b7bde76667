/**
 * The desk's translations (web/src/locales): every locale has exactly the
 * keys of en.json (plural keys in the forms its language needs), the same
 * placeholders, and real text rather than English left in place; every key a
 * component asks for exists; every value the API sends as a key (kinds,
 * statuses, topics, situations, signals, event types, checker rules, roles…)
 * has a translation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../src/domain/cases/case-status.js';
import { FOLLOW_UP_STATES } from '../../src/domain/cases/follow-through.js';
import { ROLES } from '../../src/domain/access/permissions.js';
import { KINDS, SENTIMENTS, SIGNALS, SITUATIONS, SUPPORTED_LANGUAGES, TOPICS } from '../../src/domain/labels.js';
import { CASE_FLAGS } from '../../src/domain/reaction/kind-policy.js';
import { REPLY_RULES } from '../../src/domain/replies/reply-checker.js';
import { CASE_EVENT_TYPES } from '../../src/services/cases/case-writer.js';
import { PHRASE_CATEGORIES, REASON_CODES } from '../../src/domain/classification/reasons.js';
import { LANGUAGE_HOWS } from '../../src/domain/classification/language.js';

const WEB = join(import.meta.dirname, '..', '..', 'web', 'src');
const LOCALES = ['en', 'ru', 'ro', 'ar'] as const;
type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const read = (lang: string) => flatten(JSON.parse(readFileSync(join(WEB, 'locales', `${lang}.json`), 'utf8')) as Tree);
const locales = Object.fromEntries(LOCALES.map((l) => [l, read(l)])) as Record<(typeof LOCALES)[number], Map<string, string>>;
const en = locales.en;

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Plural keys (i18next: key_one, key_other…) by their base, with the forms present. */
function split(keys: Iterable<string>) {
  const plain = new Set<string>();
  const plural = new Map<string, Set<string>>();
  for (const k of keys) {
    const m = PLURAL.exec(k);
    if (m) {
      const base = k.slice(0, -m[0].length);
      if (!plural.has(base)) plural.set(base, new Set());
      plural.get(base)!.add(m[1]!);
    } else plain.add(k);
  }
  return { plain, plural };
}
const enKeys = split(en.keys());

const placeholders = (s: string) => new Set([...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!));
const sorted = (s: Iterable<string>) => [...s].sort();

/** A value's words outside placeholders and {braces}: what must be in the locale's own language. */
const words = (s: string) => s.replace(/\{\{\s*\w+\s*\}\}/g, '').replace(/\{\w+\}/g, '');

describe('desk locales', () => {
  for (const lang of LOCALES.filter((l) => l !== 'en')) {
    const own = split(locales[lang].keys());
    const categories = new Set(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);

    it(`${lang} has exactly the keys of en.json, plurals in the forms ${lang} needs`, () => {
      expect(sorted(own.plain)).toEqual(sorted(enKeys.plain));
      expect(sorted(own.plural.keys())).toEqual(sorted(enKeys.plural.keys()));
      for (const [base, forms] of own.plural) expect({ base, forms: sorted(forms) }).toEqual({ base, forms: sorted(categories) });
    });

    it(`${lang} keeps every placeholder of en.json and leaves no value empty`, () => {
      for (const [key, value] of locales[lang]) {
        expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false });
        const base = key.replace(PLURAL, '');
        const source = en.get(key) ?? en.get(`${base}_other`)!;
        // A plural form may spell its number out ("one notification"): {{count}} is optional there.
        const drop = (s: Set<string>) => (key === base ? s : new Set([...s].filter((p) => p !== 'count')));
        expect({ key, placeholders: sorted(drop(placeholders(value))) }).toEqual({ key, placeholders: sorted(drop(placeholders(source))) });
      }
    });
  }

  it('writes Russian and Arabic in their own script wherever English has words', () => {
    const script = { ru: /\p{Script=Cyrillic}/u, ar: /\p{Script=Arabic}/u } as const;
    // The product's name and pure placeholders are the same in every language.
    const same = new Set(['app.name', 'events.other']);
    for (const lang of ['ru', 'ar'] as const) {
      const untranslated = [...locales[lang]].filter(
        ([k, v]) => !same.has(k) && /\p{L}{2,}/u.test(words(en.get(k) ?? '')) && !script[lang].test(words(v)),
      );
      expect({ lang, untranslated }).toEqual({ lang, untranslated: [] });
    }
  });

  it('leaves in Romanian only the words Romanian shares with English', () => {
    const shared = new Set([
      'Defuse',
      'Brand',
      'E-mail',
      'Text',
      'Format',
      'OK',
      'manager',
      'Manager',
      'specialist',
      'Specialist',
      'trolling',
      'urgent',
      'negative',
      '—',
      '{{type}}',
      '{{from}} → {{to}}',
      '{{field}}: {{problem}}',
      'text',
      ', ',
    ]);
    const same = [...locales.ro].filter(([k, v]) => en.get(k) === v && !shared.has(v)).map(([k]) => k);
    expect(same).toEqual([]);
  });

  it('has a translation for every value the API sends as a key', () => {
    const groups: Array<[string, readonly string[], string?]> = [
      ['kinds', KINDS],
      ['statuses', CASE_STATUSES],
      ['topics', TOPICS],
      ['sentiments', SENTIMENTS],
      ['situations', SITUATIONS],
      ['signals', SIGNALS],
      ['flags', CASE_FLAGS],
      ['languages', SUPPORTED_LANGUAGES],
      ['events', CASE_EVENT_TYPES],
      ['followUpStates', FOLLOW_UP_STATES],
      ['roles', ROLES],
      ['checker.rules', REPLY_RULES, '.name'],
      ['checker.rules', REPLY_RULES, '.explanation'],
      // The classifier's reasons, said in the desk's language (a count's reason in its plural forms).
      ['why', REASON_CODES],
      ['why.languageHow', LANGUAGE_HOWS],
      ['why.categories', PHRASE_CATEGORIES],
    ];
    const missing = groups.flatMap(([prefix, values, suffix = '']) =>
      values.map((v) => `${prefix}.${v}${suffix}`).filter((k) => !en.has(k) && !enKeys.plural.has(k)),
    );
    expect(missing).toEqual([]);
  });

  it('the checker’s explanations in English are the server’s own words', async () => {
    const { RULES } = await import('../../src/domain/replies/reply-checker.js');
    for (const rule of REPLY_RULES) expect(en.get(`checker.rules.${rule}.explanation`)).toBe(RULES[rule].explanation);
  });

  it('no component asks for a key missing from en.json', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const literal: string[] = [];
    const prefixes: string[] = [];
    for (const file of sources(WEB)) {
      const text = readFileSync(file, 'utf8');
      // t('a.b'), t("a.b"), t(['a.b', …]) and i18n.t(…); a template t(`a.${x}`) names a subtree by its prefix.
      for (const m of text.matchAll(/\bt\(\s*\[?\s*(['"])([\w.-]+)\1/g)) literal.push(m[2]!);
      for (const m of text.matchAll(/\bt\(\s*\[?\s*`([\w.-]*)\$\{/g)) prefixes.push(m[1]!);
      for (const m of text.matchAll(/\bt\(\s*\[\s*`[^`]*`\s*,\s*`([\w.-]*)\$\{/g)) prefixes.push(m[1]!);
    }
    expect(literal.length).toBeGreaterThan(100);
    const has = (k: string) => en.has(k) || enKeys.plural.has(k);
    expect(literal.filter((k) => !has(k))).toEqual([]);
    const keys = [...en.keys()];
    expect(prefixes.filter((p) => !p || !keys.some((k) => k.startsWith(p)))).toEqual([]);
  });
});
