import { createContext, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deadline } from '../api';
import { formatDateTime, formatDue, formatSpan } from '../format';

/**
 * Settings shown to a role that may read but not change them: the forms'
 * inputs are disabled (a disabled fieldset around them) and no Save shows.
 */
export const ReadOnlyContext = createContext(false);
export const useReadOnly = () => useContext(ReadOnlyContext);

const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/**
 * Untrusted text (mentions, replies, names): rendered as text only, in its
 * own direction — right to left when the classifier says it is Arabic (even
 * if it starts with a @handle), else decided by its first strong letter.
 */
export function UserText({ text, className, lang, title }: { text: string; className?: string; lang?: string | null; title?: string }) {
  return (
    <span className={className} dir={lang && RTL.has(lang) ? 'rtl' : 'auto'} lang={lang ?? undefined} title={title} data-user-text="">
      {text}
    </span>
  );
}

/** Past this many characters a mention is cut (at a space near the end when there is one), with "Show more". */
export const CLAMP_CHARS = 1200;

/** Where a long text is cut: at the last space in its final fifth before `max`, else at `max`. */
export function clampAt(text: string, max = CLAMP_CHARS): number {
  if (text.length <= max) return text.length;
  const space = text.lastIndexOf(' ', max);
  if (space > max * 0.8) return space;
  // Not inside a surrogate pair (an emoji, a rare letter).
  const high = text.charCodeAt(max - 1);
  return high >= 0xd800 && high <= 0xdbff ? max - 1 : max;
}

/**
 * A mention's text, as text: a long one (a 20,000-character post) is shown cut
 * with "Show more", so the reply editor below stays in reach; "Show less" cuts it again.
 */
export function ClampedText({ text, lang }: { text: string; lang?: string | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const cut = clampAt(text);
  if (cut >= text.length) return <UserText text={text} lang={lang} />;
  return (
    <>
      <UserText text={open ? text : `${text.slice(0, cut).trimEnd()}…`} lang={lang} />
      <button type="button" className="link show-more" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="show-more">
        {t(open ? 'case.showLess' : 'case.showMore')}
      </button>
    </>
  );
}

/** The desk's own help text (a translation, never people's text): a `command` in backticks is shown as code. */
export function HintText({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) =>
        i % 2 ? (
          <code key={i} dir="ltr">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
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
    return <span className="badge cooldown">{t('deadline.cooldown', { time: formatDue(cooldownUntil, i18n.language) })}</span>;
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
