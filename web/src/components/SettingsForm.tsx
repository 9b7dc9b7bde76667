import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';
import { HintText, useReadOnly } from './common';
import { type BrandPerson, useBrandMembers } from './useBrandData';

/** Tick boxes for the brand's people; an id no longer among them stays listed (ticked) so it can be taken off. */
function MemberPicks({ id, value, members, onChange }: { id: string; value: string; members: BrandPerson[] | null; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const picked = value.split(',').filter(Boolean);
  const gone = picked.filter((p) => members && !members.some((m) => m.id === p));
  const toggle = (memberId: string, on: boolean) =>
    onChange((on ? [...picked.filter((p) => p !== memberId), memberId] : picked.filter((p) => p !== memberId)).join(','));
  if (!members) return <span className="muted">{t('app.loading')}</span>;
  return (
    <fieldset id={id} className="member-picks">
      {members.map((m) => (
        <label key={m.id}>
          <input type="checkbox" checked={picked.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} /> <bdi>{m.name || m.email}</bdi>{' '}
          <small className="muted">({t(`roles.${m.role}`, { defaultValue: m.role })})</small>
        </label>
      ))}
      {gone.map((g) => (
        <label key={g}>
          <input type="checkbox" checked onChange={() => toggle(g, false)} /> {t('settings.memberGone', { id: g })}
        </label>
      ))}
      {!members.length && <span className="muted">{t('settings.noMembers')}</span>}
    </fieldset>
  );
}

/** One field of a settings section shown as a form control. */
export type FieldSpec =
  | { key: string; type: 'boolean' }
  /** `nullable`: left empty, the value is null ("off"). */
  | { key: string; type: 'number'; min: number; max: number; step?: number; nullable?: boolean }
  /** A 0–1 value shown and typed as a percentage. */
  | { key: string; type: 'percent' }
  /** Text; `optional` fields are left out of the section when emptied. */
  | { key: string; type: 'text' | 'url' | 'email'; optional?: boolean }
  /** A list of e-mail addresses, one per line or comma-separated. */
  | { key: string; type: 'emails' }
  | { key: string; type: 'select'; options: readonly string[] }
  /** A list of the brand's members (their ids), ticked from the brand's active people. */
  | { key: string; type: 'members' };

type Values = Record<string, unknown>;

const toPercent = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1000) / 10) : '');

/** What the control shows for a stored value. */
function shown(spec: FieldSpec, v: unknown): string | boolean {
  if (spec.type === 'boolean') return v === true;
  if (spec.type === 'percent') return toPercent(v);
  if (spec.type === 'emails') return Array.isArray(v) ? v.join('\n') : '';
  if (spec.type === 'members') return Array.isArray(v) ? v.join(',') : '';
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** The value to store for what the control holds (numbers as numbers; an empty optional text removes the key). */
function stored(spec: FieldSpec, raw: string | boolean): unknown {
  switch (spec.type) {
    case 'boolean':
      return raw === true;
    case 'number':
      return raw === '' ? (spec.nullable ? null : Number.NaN) : Number(raw);
    case 'percent':
      return raw === '' ? Number.NaN : Math.round(Number(raw) * 10) / 1000;
    case 'emails':
      return String(raw)
        .split(/[\n,;]+/)
        .map((s) => s.trim())
        .filter(Boolean);
    case 'select':
      return raw;
    case 'members':
      return String(raw).split(',').filter(Boolean);
    default:
      return raw === '' && spec.optional ? undefined : raw;
  }
}

/**
 * A section of the brand's settings as a form, with its JSON as the
 * "advanced" view. The section is sent back whole (keys the form does not
 * show are kept as they were); the server validates it and its error names
 * the field, which is shown beside that field. Edits not yet saved are kept
 * when the advanced view is opened and closed, and the browser asks before
 * leaving the page with them.
 */
export function SettingsForm({
  brandId,
  section,
  value,
  fields,
  onSaved,
  children,
}: {
  brandId: string;
  section: string;
  value: unknown;
  fields: readonly FieldSpec[];
  onSaved: () => void;
  /** Shown under the fields: the section's live state (usage, model status…). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  // Read only when the form has a members field.
  const members = useBrandMembers(
    brandId,
    fields.some((f) => f.type === 'members'),
    readOnly,
  );
  const formOf = (v: unknown) => Object.fromEntries(fields.map((f) => [f.key, shown(f, (v as Values | undefined)?.[f.key])]));
  /** The section as last loaded or edited as JSON: the keys the form does not show come from here. */
  const [base, setBase] = useState<Values>(() => ({ ...((value ?? {}) as Values) }));
  const [draft, setDraft] = useState<Record<string, string | boolean>>(() => formOf(value));
  const [advanced, setAdvanced] = useState(false);
  const [json, setJson] = useState('');
  const [message, setMessage] = useState<{ text: string; field?: string; ok?: boolean } | null>(null);
  const [dirty, setDirty] = useState(false);

  // Reset only when the stored section itself changed: saving another section reloads every section's value (new
  // objects, same content), and that must not throw away this one's unsaved edits.
  const storedJson = JSON.stringify(value ?? null);
  useEffect(() => {
    setBase({ ...((value ?? {}) as Values) });
    setDraft(formOf(value));
    setDirty(false);
    // formOf reads only `fields`, listed here; `storedJson` is the value's content.
  }, [storedJson, fields]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const fromForm = (): Values => {
    const out: Values = { ...base };
    for (const f of fields) {
      const v = stored(f, draft[f.key] ?? '');
      if (v === undefined) delete out[f.key];
      else out[f.key] = v;
    }
    return out;
  };

  const set = (key: string, v: string | boolean) => {
    setDraft((d) => ({ ...d, [key]: v }));
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
      // Ranges are checked here so the message speaks in the form's units (percent, hours), not the stored ones.
      for (const f of fields) {
        if (f.type !== 'number' && f.type !== 'percent') continue;
        const [min, max] = f.type === 'number' ? [f.min, f.max] : [0, 100];
        const n = Number(draft[f.key]);
        if (f.type === 'number' && f.nullable && draft[f.key] === '') continue;
        if (draft[f.key] === '' || !Number.isFinite(n) || n < min || n > max || (f.type === 'number' && !Number.isInteger(n / (f.step ?? 1)))) {
          setMessage({ text: t('settings.outOfRange', { min, max }), field: f.key });
          return;
        }
      }
      body = fromForm();
    }
    try {
      await api('PATCH', `/brands/${brandId}/settings`, { [section]: body });
      setMessage({ text: t('settings.saved'), ok: true });
      setDirty(false);
      onSaved();
    } catch (e) {
      const field = e instanceof ApiError && e.field ? e.field.replace(new RegExp(`^${section}\\.`), '') : undefined;
      // Beside its field the message need not name the field again.
      const atField = field !== undefined && fields.some((f) => field === f.key || field.startsWith(`${f.key}.`));
      setMessage({ text: e instanceof ApiError && atField ? e.detail : (e as Error).message, field });
    }
  };

  const toggleAdvanced = () => {
    if (!advanced) {
      setJson(JSON.stringify(fromForm(), null, 2));
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
      setBase(parsed as Values);
      setDraft(formOf(parsed));
    }
    setMessage(null);
    setAdvanced(false);
  };

  return (
    <details className="section" data-section={section}>
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
        <div className="form-grid">
          {fields.map((f) => {
            const id = `${section}-${f.key}`;
            const label = t(`settings.fields.${section}.${f.key}`);
            const invalid = message?.field === f.key || message?.field?.startsWith(`${f.key}.`);
            const v = draft[f.key];
            let control: ReactNode;
            if (f.type === 'boolean') {
              control = <input id={id} type="checkbox" checked={v === true} onChange={(e) => set(f.key, e.target.checked)} />;
            } else if (f.type === 'select') {
              control = (
                <select id={id} value={String(v)} onChange={(e) => set(f.key, e.target.value)}>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              );
            } else if (f.type === 'members') {
              control = <MemberPicks id={id} value={String(v)} members={members} onChange={(nv) => set(f.key, nv)} />;
            } else if (f.type === 'emails') {
              control = <textarea id={id} rows={3} value={String(v)} onChange={(e) => set(f.key, e.target.value)} />;
            } else {
              const numeric = f.type === 'number' || f.type === 'percent';
              control = (
                <span className="field-input">
                  <input
                    id={id}
                    type={numeric ? 'number' : f.type}
                    value={String(v)}
                    min={f.type === 'number' ? f.min : f.type === 'percent' ? 0 : undefined}
                    max={f.type === 'number' ? f.max : f.type === 'percent' ? 100 : undefined}
                    step={f.type === 'number' ? (f.step ?? 1) : f.type === 'percent' ? 0.1 : undefined}
                    onChange={(e) => set(f.key, e.target.value)}
                    aria-invalid={invalid || undefined}
                  />
                  {f.type === 'percent' && <span className="muted">%</span>}
                </span>
              );
            }
            return (
              <div key={f.key} className={`form-row${invalid ? ' invalid' : ''}`}>
                <label htmlFor={id}>{label}</label>
                {control}
                {invalid && (
                  <span className="field-error" role="alert">
                    {message?.text}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      )}
      {children}
      <div className="actions">
        {!readOnly && (
          <button type="button" className="primary" onClick={() => void save()}>
            {t('settings.save')}
          </button>
        )}
        <button type="button" className="link" onClick={toggleAdvanced}>
          {advanced ? t('settings.formView') : t('settings.advanced')}
        </button>
        {message && !(message.field && !advanced && fields.some((f) => message.field === f.key || message.field?.startsWith(`${f.key}.`))) && (
          <span role="status" className={message.ok ? 'ok' : 'error'}>
            {message.text}
          </span>
        )}
      </div>
    </details>
  );
}

/** A settings section's JSON (the "advanced" view), as an editable text area sized to its content. */
export function SectionJson({ section, json, onChange }: { section: string; json: string; onChange: (json: string) => void }) {
  return (
    <textarea
      className="json"
      spellCheck={false}
      value={json}
      onChange={(e) => onChange(e.target.value)}
      rows={Math.min(24, json.split('\n').length + 1)}
      aria-label={section}
    />
  );
}
