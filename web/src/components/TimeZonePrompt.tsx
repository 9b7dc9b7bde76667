import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { navigate } from '../router';
import { SETTINGS_SAVED } from './StructuredSection';

/** Where "keep UTC" is remembered for a brand, in this browser. */
const keptKey = (brandId: string) => `defuse.keepUtc.${brandId}`;

/**
 * For managers and admins: while the brand's business hours are still counted
 * in UTC (the policy's default, never set), one line asks for the time zone
 * and links to the form. Gone once a zone is saved (or UTC is kept on purpose).
 */
export function TimeZonePrompt({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  const [utc, setUtc] = useState(false);
  const [kept, setKept] = useState(() => window.localStorage.getItem(keptKey(brandId)) === '1');

  const check = useCallback(() => {
    void api<{ responsePolicy?: { calendar?: { timeZone?: string } } }>('GET', `/brands/${brandId}/settings`)
      .then((s) => setUtc((s.responsePolicy?.calendar?.timeZone ?? 'UTC') === 'UTC'))
      .catch(() => setUtc(false));
  }, [brandId]);
  useEffect(() => {
    setKept(window.localStorage.getItem(keptKey(brandId)) === '1');
    check();
    window.addEventListener(SETTINGS_SAVED, check);
    return () => window.removeEventListener(SETTINGS_SAVED, check);
  }, [brandId, check]);

  if (!utc || kept) return null;
  return (
    <p className="notice tz-prompt" role="note" data-testid="tz-prompt">
      <a
        href="/settings#business-hours"
        onClick={(e) => {
          e.preventDefault();
          navigate('/settings#business-hours');
          window.requestAnimationFrame(() => {
            const el = document.getElementById('business-hours');
            if (el instanceof HTMLDetailsElement) {
              el.open = true;
              el.scrollIntoView({ block: 'start' });
            }
          });
        }}
      >
        {t('settings.tzPrompt')}
      </a>{' '}
      <button
        type="button"
        className="link"
        onClick={() => {
          window.localStorage.setItem(keptKey(brandId), '1');
          setKept(true);
        }}
      >
        {t('settings.tzKeepUtc')}
      </button>
    </p>
  );
}
