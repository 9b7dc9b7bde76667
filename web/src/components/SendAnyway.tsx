import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "Send anyway" past the reply checker's errors: it asks first for the
 * responder's reason (required; the server refuses an override without one)
 * and keeps it, with the rules, in the case's timeline.
 */
export function SendAnyway({ onSend }: { onSend: (reason: string) => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {t('case.sendAnyway')}
      </button>
    );
  return (
    <span className="send-anyway" data-testid="send-anyway" role="group" aria-label={t('case.sendAnyway')}>
      <label>
        {t('case.overrideReason')}{' '}
        <input
          dir="auto"
          maxLength={500}
          required
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && reason.trim()) onSend(reason.trim());
          }}
        />
      </label>{' '}
      <button type="button" className="primary" disabled={!reason.trim()} onClick={() => onSend(reason.trim())}>
        {t('case.overrideConfirm')}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        {t('case.overrideCancel')}
      </button>
    </span>
  );
}
