/**
 * The API's errors in the desk's language. A 400 (or 409) names what is wrong
 * as a stable `problem` code with its numbers in `params`, beside the English
 * `message` kept for API users and the CLI; the desk words the problem in its
 * own language (locales: `errors.problems.*`), names the field by a readable
 * label where it knows one (`errors.fields.*`: "Пароль: не короче 12 симв.")
 * rather than the raw path (`mentions.0.text`), and falls back to the
 * server's English for a code it does not know.
 */
import { type ErrorBody, type ErrorWords, englishWords } from './api';
import i18n from './i18n';

const has = (key: string) => i18n.exists(key);

/** The problem in the desk's language, or null when the desk does not know the code. */
export function problemText(problem: string | undefined, params: Record<string, string | number> = {}): string | null {
  if (!problem || !has(`errors.problems.${problem}`)) return null;
  const values: Record<string, string | number> = { ...params };
  for (const [k, v] of Object.entries(values)) if (typeof v === 'number') values[k] = v.toLocaleString(i18n.language);
  if (problem === 'wrong_type') {
    const expected = String(params.expected ?? '');
    values.expected = i18n.t(has(`errors.expected.${expected}`) ? `errors.expected.${expected}` : 'errors.expected.other');
  }
  if (problem === 'bad_format' && has(`errors.formats.${String(params.format)}`)) return i18n.t(`errors.formats.${String(params.format)}`);
  return i18n.t(`errors.problems.${problem}`, values);
}

/** A readable label for a field path: its last named part the desk has a label for (`config.url` → "Address"). */
export function fieldLabel(field: string | undefined): string | null {
  if (!field) return null;
  const parts = field.split('.').filter((p) => p && !/^\d+$/.test(p));
  for (let i = parts.length - 1; i >= 0; i--) if (has(`errors.fields.${parts[i]}`)) return i18n.t(`errors.fields.${parts[i]}`);
  return null;
}

/** An error body as the desk shows it. */
export function errorWords(body: ErrorBody, fallback: string): ErrorWords {
  const detail = problemText(body.problem, body.params);
  if (!detail) return englishWords(body, fallback);
  const label = fieldLabel(body.field);
  return { message: label ? i18n.t('errors.withField', { field: label, problem: detail }) : detail, detail };
}
