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

export function DeadlineBadge({ deadline, cooldownUntil }: { deadline: Deadline | null; cooldownUntil?: string | null }) {
  const { t } = useTranslation();
  if (cooldownUntil && new Date(cooldownUntil) > new Date()) {
    return (
      <span className="badge cooldown">
        {t('deadline.cooldown', { time: new Date(cooldownUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) })}
      </span>
    );
  }
  if (!deadline) return <span className="badge none">{t('deadline.none')}</span>;
  return (
    <span className={`badge deadline-${deadline.state}`} title={deadline.due_at} data-state={deadline.state}>
      {t(`deadline.${deadline.state}`, { time: formatSpan(deadline.minutes_left) })}
    </span>
  );
}

/** A link from a mention: shown, never followed automatically; opens without referrer or opener. */
export function SafeLink({ href }: { href: string }) {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(href).protocol);
  } catch {
    ok = false;
  }
  if (!ok) return <span className="link-text">{href}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="link-text">
      {href}
    </a>
  );
}
