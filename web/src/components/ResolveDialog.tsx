import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The reasons the server takes for resolving an unanswered complaint (src/domain/cases/resolution.ts). */
export const RESOLUTION_REASONS = ['answered_elsewhere', 'solved_without_reply', 'duplicate', 'withdrawn', 'other'] as const;

/** The fewest characters of one's own words the server takes (src/domain/cases/resolution.ts, checkResolution). */
export const MIN_DETAILS = 3;

/**
 * Resolving a complaint nobody answered (or `count` of them, ticked in the
 * inbox): a reason from the list and a few words of one's own — the dialog
 * says both are needed — or cancel.
 */
export function ResolveDialog({
  onResolve,
  onCancel,
  blockedBy,
  count = 1,
}: {
  onResolve: (code: string, reason: string) => void;
  onCancel: () => void;
  /** Why the case cannot be resolved now (an open call-back): said instead of asking for a reason. */
  blockedBy?: string;
  /** How many cases are resolved with this reason. */
  count?: number;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const ready = Boolean(code) && reason.trim().length >= MIN_DETAILS;
  if (blockedBy) {
    return (
      <div className="resolve-dialog" role="dialog" aria-modal="true" aria-label={t('flow.resolve.title')} data-testid="resolve-dialog">
        <p className="error" data-testid="resolve-blocked">
          {blockedBy}
        </p>
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t('flow.resolve.cancel')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="resolve-dialog" role="dialog" aria-modal="true" aria-label={t('flow.resolve.title')} data-testid="resolve-dialog">
      <p data-testid="resolve-why">{count > 1 ? t('flow.resolve.whyMany', { count }) : t('flow.resolve.why')}</p>
      <fieldset>
        <legend>{t('flow.resolve.reason')}</legend>
        {RESOLUTION_REASONS.map((r) => (
          <label key={r}>
            <input type="radio" name="resolution" value={r} checked={code === r} onChange={() => setCode(r)} /> {t(`flow.resolve.reasons.${r}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('flow.resolve.details')}
        <textarea
          dir="auto"
          rows={2}
          value={reason}
          required
          minLength={MIN_DETAILS}
          onChange={(e) => setReason(e.target.value)}
          aria-label={t('flow.resolve.details')}
          aria-describedby="resolve-details-hint"
        />
      </label>
      <small className="muted" id="resolve-details-hint" data-testid="resolve-hint">
        {t('flow.resolve.detailsHint', { min: MIN_DETAILS })}
      </small>
      <div className="actions">
        <button type="button" className="primary" disabled={!ready} onClick={() => onResolve(code, reason.trim())}>
          {t('case.resolve')}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          {t('flow.resolve.cancel')}
        </button>
      </div>
    </div>
  );
}
