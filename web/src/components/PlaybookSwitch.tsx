/** A manager puts the case on another playbook: the case is planned again for it (approval, escalation), in the timeline. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

export function PlaybookSwitch({
  caseId,
  brandId,
  current,
  name,
  run,
}: {
  caseId: string;
  brandId: string;
  current: string;
  /** A playbook's name in the desk's language. */
  name: (key: string) => string;
  run: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<string[]>([]);
  const [to, setTo] = useState('');
  useEffect(() => {
    let live = true;
    api<{ items: Array<{ situation: string }> }>('GET', `/brands/${brandId}/playbooks`)
      .then((r) => live && setKeys(r.items.map((p) => p.situation)))
      .catch(() => live && setKeys([]));
    return () => {
      live = false;
    };
  }, [brandId]);
  const others = keys.filter((k) => k !== current);
  if (!others.length) return null;
  return (
    <div className="playbook-switch" data-testid="playbook-switch">
      <label>
        {t('case.switchPlaybook')}{' '}
        <select aria-label={t('case.switchPlaybook')} value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">—</option>
          {others.map((k) => (
            <option key={k} value={k}>
              {name(k)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button
        type="button"
        disabled={!to}
        onClick={() =>
          void run(async () => {
            await api('PUT', `/cases/${caseId}/playbook`, { situation: to });
            setTo('');
          })
        }
      >
        {t('case.switch')}
      </button>
      <p className="muted">{t('case.switchHint')}</p>
    </div>
  );
}
