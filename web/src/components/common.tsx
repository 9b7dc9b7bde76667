import { useTranslation } from 'react-i18next';
import type { Deadline } from '../api';
import { formatDateTime, formatDue, formatSpan, formatTime } from '../format';

const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/**
 * Untrusted text (mentions, replies, names): rendered as text only, in its
 * own direction — right to left when the classifier says it is Arabic (even
 * if it starts with a @handle), else decided by its first strong letter.
 */
export function UserText({ text, className, lang }: { text: string; className?: string; lang?: string | null }) {
  return (
    <span className={className} dir={lang && RTL.has(lang) ? 'rtl' : 'auto'} lang={lang ?? undefined} data-user-text="">
      {text}
    </span>
  );
}

// Dates and spans are formatted in one place (../format); re-exported for the pages that import them from here.
export { formatDue, formatSpan } from '../format';

export function DeadlineBadge({
  deadline,
  cooldownUntil,
  callBackDueAt,
}: {
  deadline: Deadline | null;
  cooldownUntil?: string | null;
  /** An open call-back's due time: shown instead when it comes before the response deadline (it is the case's deadline then). */
  callBackDueAt?: string | null;
}) {
  const { t, i18n } = useTranslation();
  if (callBackDueAt && (!deadline || callBackDueAt < deadline.due_at)) {
    const late = new Date(callBackDueAt) <= new Date();
    return (
      <span
        className={`badge call-back${late ? ' deadline-breached' : ''}`}
        title={formatDateTime(callBackDueAt, i18n.language)}
        data-state={late ? 'call_back_due' : 'call_back'}
        data-due={callBackDueAt}
      >
        {t(late ? 'deadline.callBackDue' : 'deadline.callBack', { due: formatDue(callBackDueAt, i18n.language) })}
      </span>
    );
  }
  if (cooldownUntil && new Date(cooldownUntil) > new Date()) {
    return <span className="badge cooldown">{t('deadline.cooldown', { time: formatTime(cooldownUntil, i18n.language) })}</span>;
  }
  if (!deadline) return <span className="badge none">{t('deadline.none')}</span>;
  return (
    // minutes_left counts business minutes: at 19:00 a case due tomorrow at 10:00 has 1 business hour left, so
    // the due moment itself is shown first, in the viewer's time.
    <span
      className={`badge deadline-${deadline.state}`}
      title={formatDateTime(deadline.due_at, i18n.language)}
      data-state={deadline.state}
      data-due={deadline.due_at}
    >
      {t(`deadline.${deadline.state}`, { due: formatDue(deadline.due_at, i18n.language), time: formatSpan(deadline.minutes_left, i18n.language) })}
    </span>
  );
}

/** A link out (http/https only, else plain text), opened in a new tab with no opener and no referrer; `label` instead of the address. */
export function SafeLink({ href, label, testId }: { href: string; label?: string; testId?: string }) {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(href).protocol);
  } catch {
    ok = false;
  }
  if (!ok) return <span className="link-text">{href}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="link-text" data-testid={testId}>
      {label ?? href}
    </a>
  );
}
