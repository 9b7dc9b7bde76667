import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { Link } from '../router';
import { SETTINGS_SAVED } from './StructuredSection';

/**
 * For managers and admins: while the brand's business hours are still counted
 * in UTC (the policy's default, never set), one line asks for the time zone
 * and links to the form. Gone once a zone is saved, or once UTC is kept on
 * purpose — stored with the brand's settings, so no browser asks again.
 */
export function TimeZonePrompt({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  const [utc, setUtc] = useState(false);
  const [kept, setKept] = useState(false);
  const [error, setError] = useState('');

  const check = useCallback(() => {
    void api<{ responsePolicy?: { calendar?: { timeZone?: string } }; timeZoneKept?: boolean }>('GET', `/brands/${brandId}/settings`)
      .then((s) => {
        setUtc((s.responsePolicy?.calendar?.timeZone ?? 'UTC') === 'UTC');
        setKept(s.timeZoneKept === true);
      })
      .catch(() => setUtc(false));
  }, [brandId]);
  useEffect(() => {
    check();
    window.addEventListener(SETTINGS_SAVED, check);
    return () => window.removeEventListener(SETTINGS_SAVED, check);
  }, [check]);

  if (!utc || kept) return null;
  return (
    <p className="notice tz-prompt" role="note" data-testid="tz-prompt">
      <Link
        to="/settings#business-hours"
        onFollow={() =>
          // Once the settings are shown (the next frame): the business hours open, in view.
          window.requestAnimationFrame(() => {
            const el = document.getElementById('business-hours');
            if (el instanceof HTMLDetailsElement) {
              el.open = true;
              el.scrollIntoView({ block: 'start' });
            }
          })
        }
      >
        {t('settings.tzPrompt')}
      </Link>{' '}
      <button
        type="button"
        className="link"
        onClick={() =>
          void api('PATCH', `/brands/${brandId}/settings`, { timeZoneKept: true })
            .then(() => setKept(true))
            .catch((e: Error) => setError(e.message))
        }
      >
        {t('settings.tzKeepUtc')}
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
