import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Notification } from '../api';
import { Link } from '../router';

/** How often the unread count is asked for while the desk is open. */
const POLL_MS = 30_000;
/** The count shown stops here ("99+"); the list itself has them all. */
const MAX_SHOWN = 99;

/** The top bar's bell: the signed-in person's unread notifications, opening the list. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = () => {
      api<{ items: Notification[] }>('GET', `/notifications?unread=true&limit=${MAX_SHOWN + 1}`)
        .then((r) => alive && setUnread(r.items.length))
        .catch(() => undefined);
    };
    load();
    const timer = window.setInterval(load, POLL_MS);
    // Reading them on the list page updates the count at once.
    window.addEventListener('defuse:notifications-read', load);
    window.addEventListener('focus', load);
    return () => {
      alive = false;
      window.clearInterval(timer);
      window.removeEventListener('defuse:notifications-read', load);
      window.removeEventListener('focus', load);
    };
  }, []);
  const shown = unread > MAX_SHOWN ? `${MAX_SHOWN}+` : String(unread);
  return (
    <Link
      to="/notifications"
      className={`bell${unread ? ' has-unread' : ''}`}
      data-testid="bell"
      aria-label={t('notifications.bell', { count: unread })}
    >
      {/* An outline bell drawn here: the desk ships no icon font, and emoji fonts are not on every machine. */}
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="18"
        height="18"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 && <span className="count">{shown}</span>}
    </Link>
  );
}
