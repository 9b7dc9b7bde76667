/**
 * The classifier's "Why": its reasons said in the desk's language, from the
 * codes and facts the API sends (the mention's own phrases quoted as they
 * are). A mention classified before the codes existed shows its English lines.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Mention } from '../api';
import { formatNumber } from '../format';

type Classification = NonNullable<Mention['classification']>;
type Reason = Classification['reason_codes'][number];

/** One reason in the desk's language. */
export function whyLine(t: TFunction, lang: string, r: Reason): string {
  const p = r.params;
  const s = (k: string) => String(p[k] ?? '');
  const n = (k: string) => formatNumber(Number(p[k] ?? 0), lang);
  // Codes the API sends, each through its own group of labels (the code itself if a label is missing).
  const kind = (k: string) => t(`kinds.${s(k)}`, { defaultValue: s(k) });
  const sentiment = (k: string) => t(`sentiments.${s(k)}`, { defaultValue: s(k) });
  const situation = (k: string) => t(`situations.${s(k)}`, { defaultValue: s(k) });
  const topic = (k: string) => t(`topics.${s(k)}`, { defaultValue: s(k) });
  switch (r.code) {
    case 'language': {
      const language = t(`languages.${s('language')}`, { defaultValue: s('language') });
      return t('why.language', { language, how: t(`why.languageHow.${s('how')}`, { language }) });
    }
    case 'not_trolling_no_insult':
      return t('why.not_trolling_no_insult', { percent: n('percent') });
    case 'black_pr_competitor':
      return t('why.black_pr_competitor', { quotes: s('quotes') });
    case 'topic_default':
      return t('why.topic_default', { topic: topic('topic') });
    case 'kind_sentiment':
      return t('why.kind_sentiment', {
        kind: kind('kind'),
        kind_percent: n('kind_percent'),
        sentiment: sentiment('sentiment'),
        sentiment_percent: n('sentiment_percent'),
      });
    case 'phrases':
      return t('why.phrases', { category: t(`why.categories.${s('category')}`, { defaultValue: s('category') }), quotes: s('quotes') });
    case 'signal':
      return t('why.signal', { signal: t(`signals.${s('signal')}`, { defaultValue: s('signal') }), quotes: s('quotes') });
    case 'topic':
      return t('why.topic', { topic: topic('topic'), quotes: s('quotes') });
    case 'exclamations':
      return t('why.exclamations', { count: Number(p.count ?? 0) });
    case 'brand_layer': {
      const changes = [
        p.kind_to !== undefined &&
          t(p.kind_percent !== undefined ? 'why.changedKindPercent' : 'why.changedKind', {
            from: kind('kind_from'),
            to: kind('kind_to'),
            percent: n('kind_percent'),
          }),
        p.sentiment_to !== undefined &&
          t('why.changedSentiment', {
            from: sentiment('sentiment_from'),
            to: sentiment('sentiment_to'),
            percent: n('sentiment_percent'),
          }),
        p.situation_to !== undefined && t('why.changedSituation', { from: situation('situation_from'), to: situation('situation_to') }),
      ].filter(Boolean);
      return t('why.brand_layer', {
        count: Number(p.examples ?? 0),
        layer: p.version !== undefined ? t('why.brandLayerVersion', { version: s('version') }) : t('why.brandLayerName'),
        changes: changes.join(t('case.listSeparator')),
      });
    }
    default:
      return t(`why.${r.code}`);
  }
}

export function WhyList({ cls }: { cls: Classification }) {
  const { t, i18n } = useTranslation();
  if (!cls.reason_codes.length) {
    return (
      <ul>
        {/* Classified before the reasons had codes: the classifier's English words, shown as they are. */}
        {cls.reasons.map((r, i) => (
          <li key={i} dir="auto" lang="en" data-api-text="">
            {r}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ul data-testid="why">
      {cls.reason_codes.map((r, i) => (
        <li key={i} dir="auto" data-reason={r.code}>
          {whyLine(t, i18n.language, r)}
        </li>
      ))}
    </ul>
  );
}
