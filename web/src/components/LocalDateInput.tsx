/**
 * A date (or date and time) field that reads in the desk's language: the
 * browser's own control writes dates its way (mm/dd/yyyy in an American
 * browser, whatever the desk's language), so the value is shown formatted by
 * Intl in the UI language, with the native control laid over it, unseen,
 * for picking and typing. The value stays the control's own (YYYY-MM-DD, or
 * YYYY-MM-DDTHH:MM in the viewer's time).
 */
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDay } from '../format';

export function LocalDateInput({
  type = 'date',
  value,
  onChange,
  label,
  empty,
}: {
  type?: 'date' | 'datetime-local';
  value: string;
  onChange: (value: string) => void;
  /** The control's accessible name. */
  label: string;
  /** Shown while no date is chosen. */
  empty?: string;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const valid = value && !Number.isNaN(new Date(value).getTime());
  // A local date-time ("2026-12-01T10:00") is read in the viewer's time, as the control means it.
  const shown = valid ? (type === 'date' ? formatDay(value, lang) : formatDateTime(new Date(value), lang)) : (empty ?? '—');
  return (
    <span className="local-date" data-testid="local-date">
      <span className="shown" aria-hidden="true" data-testid="local-date-shown">
        {shown}
      </span>
      <input
        type={type}
        value={value}
        aria-label={label}
        onChange={(e) => onChange(e.target.value)}
        onClick={(e) => {
          // The whole field opens the picker (where the browser lets it).
          try {
            e.currentTarget.showPicker();
          } catch {
            /* not allowed here: typing still works */
          }
        }}
      />
    </span>
  );
}
