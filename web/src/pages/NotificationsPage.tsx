import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../components/useAction';
import { api, type DailyListItem, type Notification } from '../api';
import { UserText } from '../components/common';
import { formatDateTime, formatDay, formatPercent } from '../format';
import { Link } from '../router';

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** What a notification is about, in a line: the type's title plus the detail its data carries. */
function Detail({ n }: { n: Notification }) {
  const { t, i18n } = useTranslation();
  const d = n.data;
  if (n.type === 'automatic.daily') {
    const items = Array.isArray(d.items) ? (d.items as DailyListItem[]) : [];
    return (
      <details className="daily-list">
        <summary>{t('notifications.dailySummary', { day: str(d.day) ? formatDay(str(d.day), i18n.language) : '', total: str(d.total) })}</summary>
        <ul>
          {items.map((it) => (
            <li key={it.case_id}>
              <Link to={`/cases/${it.case_id}`}>
                <UserText text={it.subject} />
              </Link>{' '}
              — {t(`notifications.actions.${it.action}`, { defaultValue: it.action })} ({t(`kinds.${it.kind}`, { defaultValue: it.kind })},{' '}
              {formatPercent(it.confidence, i18n.language)}
              {it.threshold !== null && ` ≥ ${formatPercent(it.threshold, i18n.language)}`})
            </li>
          ))}
        </ul>
      </details>
    );
  }
  const parts: string[] = [];
  // Escalation reasons are kinds or flags (black_pr, legal_threat…): shown in the UI's words where it has them.
  if (Array.isArray(d.reasons))
    parts.push((d.reasons as unknown[]).map((r) => t([`kinds.${str(r)}`, `flags.${str(r)}`], { defaultValue: str(r) })).join(', '));
  if (typeof d.note === 'string' && d.note) parts.push(`“${d.note}”`);
  // A failing channel is named (the error alone does not say which).
  if (n.type === 'channel.failing' && typeof d.name === 'string' && d.name) parts.push(d.name);
  if (typeof d.error === 'string') parts.push(d.error);
  if (typeof d.rule === 'string') parts.push(t('notifications.byRule', { rule: d.rule }));
  return parts.length ? <span className="muted">{parts.join(' · ')}</span> : null;
}

/** The signed-in person's notifications, newest first: open the case, mark read one by one or all. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(async () => {
    setItems((await api<{ items: Notification[] }>('GET', '/notifications?limit=200')).items);
  }, []);
  useEffect(() => {
    void load().catch((e: Error) => setError(e.message));
  }, [load]);
  const run = useAction(load, setError);
  const markRead = (ids: string[]) =>
    run(async () => {
      if (!ids.length) return;
      await api('POST', '/notifications/read', { ids });
      window.dispatchEvent(new Event('defuse:notifications-read'));
    });

  if (!items) return <p className="loading">{error || t('app.loading')}</p>;
  const unread = items.filter((n) => !n.read_at);
  return (
    <section className="notifications">
      <h1>{t('notifications.title')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={!unread.length} onClick={() => void markRead(unread.map((n) => n.id))}>
          {t('notifications.markAllRead')}
        </button>
      </div>
      {items.length === 0 ? (
        <p className="muted">{t('notifications.none')}</p>
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <li key={n.id} className={n.read_at ? 'read' : 'unread'} data-type={n.type}>
              <div className="notification-head">
                <strong>{t(`notifications.types.${n.type}`, { defaultValue: n.type })}</strong>
                <time dateTime={n.created_at}>{formatDateTime(n.created_at, i18n.language)}</time>
              </div>
              {n.case && (
                <p className="notification-case" data-testid="notification-case">
                  {n.case.author && <bdi className="author">{n.case.author}</bdi>}
                  {n.case.author && n.case.subject && ' — '}
                  {n.case.subject && <UserText text={n.case.subject} />}
                </p>
              )}
              <Detail n={n} />
              <div className="actions">
                {n.case_id && (
                  <Link to={`/cases/${n.case_id}`} onFollow={() => !n.read_at && void markRead([n.id])}>
                    {t('notifications.openCase')}
                  </Link>
                )}
                {n.type === 'channel.failing' && (
                  <Link to="/settings" onFollow={() => !n.read_at && void markRead([n.id])}>
                    {t('notifications.openChannels')}
                  </Link>
                )}
                {!n.read_at && (
                  <button type="button" className="link" onClick={() => void markRead([n.id])}>
                    {t('notifications.markRead')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
