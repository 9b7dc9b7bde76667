import { useTranslation } from 'react-i18next';
import type { Deadline } from '../api';

const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/**
 * Untrusted text (mentions, replies, names): rendered as text only, in its
 * own direction — right to left when the classifier says it is Arabic (even
 * if it starts with a @handle), else decided by its first strong letter.
 */
export function UserText({ text, className, lang }: { text: string; className?: string; lang?: string | null }) {
  return (
    <span className={className} dir={lang && RTL.has(lang) ? 'rtl' : 'auto'} lang={lang ?? undefined}>
      {text}
    </span>
  );
}

export function formatSpan(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d`;
}

/**
 * The due moment in the viewer's own time and language: the time alone today,
 * the weekday within the week ("Tue 10:00"), else the date.
 */
export function formatDue(iso: string, lang: string, now = new Date()): string {
  const d = new Date(iso);
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString(lang, time);
  const withinWeek = Math.abs(d.getTime() - now.getTime()) < 6 * 86_400_000;
  return d.toLocaleString(lang, withinWeek ? { weekday: 'short', ...time } : { day: 'numeric', month: 'short', ...time });
}

export function DeadlineBadge({ deadline, cooldownUntil }: { deadline: Deadline | null; cooldownUntil?: string | null }) {
  const { t, i18n } = useTranslation();
  if (cooldownUntil && new Date(cooldownUntil) > new Date()) {
    return (
      <span className="badge cooldown">
        {t('deadline.cooldown', { time: new Date(cooldownUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) })}
      </span>
    );
  }
  if (!deadline) return <span className="badge none">{t('deadline.none')}</span>;
  return (
    // minutes_left counts business minutes: at 19:00 a case due tomorrow at 10:00 has 1 business hour left, so
    // the due moment itself is shown first, in the viewer's time.
    <span
      className={`badge deadline-${deadline.state}`}
      title={new Date(deadline.due_at).toLocaleString(i18n.language)}
      data-state={deadline.state}
      data-due={deadline.due_at}
    >
      {t(`deadline.${deadline.state}`, { due: formatDue(deadline.due_at, i18n.language), time: formatSpan(deadline.minutes_left) })}
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
