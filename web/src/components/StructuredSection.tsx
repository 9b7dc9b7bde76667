import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';
import { SectionJson } from './SettingsForm';
import { HintText, useReadOnly } from './common';

/** A problem with one field of the form: `field` is its path inside the section (`targets.0.firstResponseMinutes`). */
export interface FieldProblem {
  field: string;
  text: string;
}

/** Whether the message at `field` belongs to `path` (the field itself, or something inside it). */
export const within = (field: string | undefined, path: string, exact = false) =>
  field !== undefined && (field === path || (!exact && field.startsWith(`${path}.`)));

/** Emitted when a section is saved, so other parts of the desk (the time-zone prompt) read the settings again. */
export const SETTINGS_SAVED = 'defuse:settings-saved';

/**
 * A settings section with structure (lists, rows, a week) edited as a form,
 * its JSON as the "advanced" view — the same contract as SettingsForm: the
 * section goes back whole (keys the form does not show are kept from the
 * last loaded or JSON-edited value), the server's error is shown beside the
 * field it names, edits carry over between the two views and are not lost
 * when switching, and the browser asks before leaving with unsaved edits.
 */
export function StructuredSection<D>({
  brandId,
  section,
  value,
  toDraft,
  fromDraft,
  render,
  onSaved,
  id,
}: {
  brandId: string;
  section: string;
  value: unknown;
  /** The form's state for a section value. */
  toDraft: (value: unknown) => D;
  /** The section to send for the form's state and the value it started from, or the field that is wrong. */
  fromDraft: (draft: D, base: unknown) => { value: unknown } | { problem: FieldProblem };
  /** The form; `error(path)` is the message for that field (and marks it as shown there). */
  render: (draft: D, update: (change: (d: D) => D) => void, error: (path: string, exact?: boolean) => string | undefined) => ReactNode;
  onSaved: () => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const [base, setBase] = useState<unknown>(value);
  const [draft, setDraft] = useState<D>(() => toDraft(value));
  const [advanced, setAdvanced] = useState(false);
  const [json, setJson] = useState('');
  const [message, setMessage] = useState<{ text: string; field?: string; ok?: boolean } | null>(null);
  const [dirty, setDirty] = useState(false);
  const claimed = useRef(false);
  const details = useRef<HTMLDetailsElement>(null);

  // Opened by a link to it (the time-zone prompt links to #business-hours).
  useEffect(() => {
    if (id && window.location.hash === `#${id}` && details.current) {
      details.current.open = true;
      details.current.scrollIntoView({ block: 'start' });
    }
  }, [id]);

  // Reset only when the stored section itself changed: saving another section reloads every section's value (new
  // objects, same content), and that must not throw away this one's unsaved edits.
  const storedJson = JSON.stringify(value ?? null);
  useEffect(() => {
    setBase(value);
    setDraft(toDraft(value));
    setDirty(false);
    // toDraft is a pure function of the value; `storedJson` is the value's content.
  }, [storedJson]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const update = (change: (d: D) => D) => {
    setDraft(change);
    setDirty(true);
  };

  const save = async () => {
    let body: unknown;
    if (advanced) {
      try {
        body = JSON.parse(json);
      } catch (e) {
        setMessage({ text: t('settings.badJson', { message: (e as Error).message }) });
        return;
      }
    } else {
      const out = fromDraft(draft, base);
      if ('problem' in out) {
        setMessage(out.problem);
        return;
      }
      body = out.value;
    }
    try {
      await api('PATCH', `/brands/${brandId}/settings`, { [section]: body });
      setMessage({ text: t('settings.saved'), ok: true });
      setDirty(false);
      window.dispatchEvent(new Event(SETTINGS_SAVED));
      onSaved();
    } catch (e) {
      const field = e instanceof ApiError && e.field ? e.field.replace(new RegExp(`^${section}\\.?`), '') : undefined;
      // At its field the message need not name the field again ("routing.rules.0.teamId: a rule names…").
      const text = e instanceof ApiError && e.field && field !== undefined ? e.detail : (e as Error).message;
      setMessage({ text, field });
    }
  };

  const toggleAdvanced = () => {
    if (!advanced) {
      const out = fromDraft(draft, base);
      if ('problem' in out) {
        setMessage(out.problem);
        return;
      }
      setJson(JSON.stringify(out.value, null, 2));
      setMessage(null);
      setAdvanced(true);
      return;
    }
    // Back to the form: what was typed as JSON carries over, or the JSON stays open with its error.
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      setMessage({ text: t('settings.badJson', { message: (e as Error).message }) });
      return;
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      setBase(parsed);
      setDraft(toDraft(parsed));
    }
    setMessage(null);
    setAdvanced(false);
  };

  claimed.current = false;
  const error = (path: string, exact = false) => {
    if (advanced || message?.ok || !within(message?.field, path, exact)) return undefined;
    claimed.current = true;
    return message?.text;
  };
  const form = advanced ? null : render(draft, update, error);

  return (
    <details ref={details} className="section" data-section={section} id={id}>
      <summary>
        {t(`settings.sections.${section}`)}
        {dirty && <span className="unsaved"> · {t('settings.unsaved')}</span>}
      </summary>
      <p className="muted">
        <HintText text={t(`settings.hints.${section}`)} />
      </p>
      {advanced ? (
        <SectionJson
          section={section}
          json={json}
          onChange={(v) => {
            setJson(v);
            setDirty(true);
          }}
        />
      ) : (
        form
      )}
      <div className="actions">
        {!readOnly && (
          <button type="button" className="primary" onClick={() => void save()}>
            {t('settings.save')}
          </button>
        )}
        <button type="button" className="link" onClick={toggleAdvanced}>
          {advanced ? t('settings.formView') : t('settings.advanced')}
        </button>
        {message && !claimed.current && (
          <span role="status" className={message.ok ? 'ok' : 'error'}>
            {message.text}
          </span>
        )}
      </div>
    </details>
  );
}

/** The message beside a field, when there is one. */
export function FieldError({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <span className="field-error" role="alert">
      {text}
    </span>
  );
}
