/**
 * "About the author" on the case page: who wrote the case (on this channel),
 * first seen, how many mentions and cases, the last sentiment and kind, and
 * their other cases with links. An erased author shows as erased, no texts.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AuthorContext } from '../api';
import { formatDateTime, formatDay } from '../format';
import { Link } from '../router';
import { SafeLink, UserText } from './common';

export function AuthorPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const [a, setAuthor] = useState<AuthorContext | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    setAuthor(null);
    api<AuthorContext>('GET', `/cases/${caseId}/author`)
      .then(setAuthor)
      .catch((e: Error) => setError(e.message));
  }, [caseId]);

  const lang = i18n.language;
  return (
    <section className="author-panel" data-testid="author-panel">
      <h2>{t('author.title')}</h2>
      {!a ? (
        <p className="muted">{error || t('app.loading')}</p>
      ) : (
        <>
          {a.erased ? (
            <p className="muted" data-testid="author-erased">
              {t('author.erased', { date: a.erased_at ? formatDay(a.erased_at, lang) : '' })}
            </p>
          ) : (
            <p>
              <strong>
                <UserText text={a.name ?? a.handle ?? ''} />
              </strong>{' '}
              <span className="handle" dir="auto">
                @{(a.handle ?? '').replace(/^@/, '')}
              </span>{' '}
              <small>{a.channel}</small>
              {a.profile_url && (
                <>
                  {' · '}
                  <SafeLink href={a.profile_url} label={t('author.profile')} testId="author-profile" />
                </>
              )}
            </p>
          )}
          <dl className="author-facts">
            <dt>{t('author.firstSeen')}</dt>
            <dd>{formatDay(a.first_seen_at, lang)}</dd>
            <dt>{t('author.mentions')}</dt>
            <dd data-testid="author-mentions">{a.mentions.toLocaleString(lang)}</dd>
            <dt>{t('author.cases')}</dt>
            <dd data-testid="author-cases">{a.cases.toLocaleString(lang)}</dd>
            <dt>{t('author.last')}</dt>
            <dd>
              {a.last_sentiment ? t(`sentiments.${a.last_sentiment}`, { defaultValue: a.last_sentiment }) : '—'}
              {' · '}
              {a.last_kind ? t(`kinds.${a.last_kind}`, { defaultValue: a.last_kind }) : '—'}
            </dd>
          </dl>
          <h3>{t('author.otherCases')}</h3>
          {a.other_cases.length === 0 ? (
            <p className="muted">{t('author.noOtherCases')}</p>
          ) : (
            <ul className="author-cases" data-testid="author-other-cases">
              {a.other_cases.map((o) => (
                <li key={o.id}>
                  <Link to={`/cases/${encodeURIComponent(o.id)}`}>
                    {o.subject === null ? t('author.erasedSubject') : <UserText text={o.subject} />}
                  </Link>{' '}
                  <small className="muted">
                    {t(`statuses.${o.status}`, { defaultValue: o.status })}
                    {o.kind ? ` · ${t(`kinds.${o.kind}`, { defaultValue: o.kind })}` : ''} ·{' '}
                    {t('author.opened', { date: formatDay(o.opened_at, lang) })} ·{' '}
                    {t('author.lastMention', { date: formatDateTime(o.last_mention_at, lang) })}
                  </small>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
