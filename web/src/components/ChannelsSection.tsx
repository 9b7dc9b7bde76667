import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useConnections } from './useBrandData';
import {
  type AddedConnection,
  type Connection,
  type ConnectorField,
  type ConnectorType,
  emptyQuery,
  type FetchOutcome,
  fieldError,
  intervalMinutes,
  type ListeningPreview,
  listConnections,
  listConnectorTypes,
  QUERY_LANGUAGES,
  type QueryDraft,
  queryDraft,
  queryOf,
  splitList,
} from '../channels';
import { formatDateTime, formatSpan } from '../format';
import { SafeLink } from './common';

/** A field's label: the desk's own translation when it has one, else the connector's English help, else its name. */
function useFieldLabel() {
  const { t } = useTranslation();
  return (type: string, f: ConnectorField) => t(`channels.field.${type}.${f.name}`, { defaultValue: f.help ?? f.name });
}

/** An error beside the field it concerns (the API's `field`). */
function FieldError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <small className="error field-error" role="alert" data-testid="field-error" dir="auto">
      {message}
    </small>
  );
}

/** How to get what a type asks for (the token, the URL to paste): docs/channels.md, "Getting the token". */
function TypeHelp({ type }: { type: string }) {
  const { t } = useTranslation();
  const text = t(`channels.help.${type}`, { defaultValue: '' });
  if (!text) return null;
  return (
    <p className="type-help muted" data-testid="type-help">
      {text}
    </p>
  );
}

const SHOWN = 400;

/**
 * An item's text with the query's words marked: plain text nodes and <mark> elements built by React from the
 * server's offsets (never HTML). A long text shows the stretch around the first mark.
 */
export function MarkedText({ text, highlights }: { text: string; highlights: ListeningPreview['matched'][number]['highlights'] }) {
  const first = highlights[0]?.start ?? 0;
  const from = text.length > SHOWN && first > SHOWN / 2 ? first - 80 : 0;
  const to = Math.min(text.length, from + SHOWN);
  const parts: ReactNode[] = [];
  let at = from;
  for (const h of highlights) {
    const start = Math.max(h.start, at);
    const end = Math.min(h.end, to);
    if (end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={start} className={h.kind === 'exclusion' ? 'excluded' : undefined} data-kind={h.kind}>
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (to > at) parts.push(text.slice(at, to));
  return (
    <span dir="auto" className="marked">
      {from > 0 ? '…' : ''}
      {parts}
      {to < text.length ? '…' : ''}
    </span>
  );
}

/**
 * A listening query: the words to look for and to leave out (comma lists), the languages to keep, and a preview
 * over the brand's last fetched items (what it would match, and what it drops and why).
 */
function QueryEditor({
  brandId,
  draft,
  onChange,
  errors,
  sources,
}: {
  brandId: string;
  draft: QueryDraft;
  onChange: (d: QueryDraft) => void;
  errors: Record<string, string>;
  sources: Connection[];
}) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<ListeningPreview | null>(null);
  const [previewErrors, setPreviewErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const sourceName = (id: string | null) => sources.find((c) => c.id === id)?.name ?? '';
  const run = async () => {
    setPreviewErrors({});
    setBusy(true);
    try {
      const q = queryOf(draft) ?? { include: [], exclude: [], languages: [] };
      setPreview(await api<ListeningPreview>('POST', `/brands/${brandId}/listening/preview`, { query: q }));
    } catch (e) {
      setPreview(null);
      const { field, message } = fieldError(e, (f) => f.startsWith('query.'));
      setPreviewErrors({ [field ?? 'query']: message });
    } finally {
      setBusy(false);
    }
  };
  const errorOf = (k: string) => errors[`query.${k}`] ?? previewErrors[`query.${k}`];
  return (
    <fieldset className="listening-query" data-testid="listening-query">
      <legend>{t('channels.query.title')}</legend>
      <p className="muted">{t('channels.query.hint')}</p>
      {(['include', 'exclude'] as const).map((k) => (
        <label key={k} data-field={`query.${k}`}>
          {t(`channels.query.${k}`)}{' '}
          <input
            type="text"
            dir="auto"
            value={draft[k]}
            onChange={(e) => onChange({ ...draft, [k]: e.target.value })}
            aria-label={t(`channels.query.${k}`)}
            aria-invalid={errorOf(k) ? true : undefined}
          />
          {splitList(draft[k]).length > 0 && (
            <span className="chips">
              {splitList(draft[k]).map((w) => (
                <span key={w} className={`chip chip-${k}`} dir="auto">
                  {w}
                </span>
              ))}
            </span>
          )}
          <FieldError message={errorOf(k)} />
        </label>
      ))}
      <div className="query-languages" role="group" aria-label={t('channels.query.languages')} data-field="query.languages">
        {t('channels.query.languages')}{' '}
        {QUERY_LANGUAGES.map((l) => (
          <label key={l} className="inline">
            <input
              type="checkbox"
              checked={draft.languages.includes(l)}
              onChange={(e) => onChange({ ...draft, languages: e.target.checked ? [...draft.languages, l] : draft.languages.filter((x) => x !== l) })}
            />{' '}
            {t(`languages.${l}`)}
          </label>
        ))}
        <FieldError message={errorOf('languages')} />
      </div>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void run()}>
          {t('channels.preview.button')}
        </button>
      </div>
      <FieldError message={previewErrors.query} />
      {preview && (
        <div className="listening-preview" data-testid="listening-preview" role="status">
          <p data-testid="preview-counts">{t('channels.preview.counts', { scanned: preview.scanned, matched: preview.matched_count })}</p>
          {preview.scanned === 0 && <p className="muted">{t('channels.preview.empty')}</p>}
          {preview.matched.length > 0 && (
            <>
              <h4>{t('channels.preview.matched')}</h4>
              <ul>
                {preview.matched.map((m) => (
                  <li key={m.id} data-testid="preview-matched">
                    <MarkedText text={m.text} highlights={m.highlights} />{' '}
                    {sourceName(m.connection_id) && <small className="muted">{sourceName(m.connection_id)}</small>}
                    {m.link && (
                      <>
                        {' '}
                        <SafeLink href={m.link} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview.dropped.length > 0 && (
            <>
              <h4>{t('channels.preview.dropped')}</h4>
              <ul>
                {preview.dropped.map((d) => (
                  <li key={d.id} data-testid="preview-dropped">
                    <MarkedText text={d.text} highlights={d.highlights} />{' '}
                    <small className="why" data-testid="dropped-why">
                      {d.excluded.length
                        ? t('channels.preview.whyExcluded', { terms: d.excluded.join(', ') })
                        : t('channels.preview.whyLanguage', { language: t(`languages.${d.language ?? 'und'}`, { defaultValue: d.language ?? '' }) })}
                    </small>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** Editing a broad connection's listening query (it could only be set when adding before). */
function ConnectionQuery({ brandId, c, sources, onSaved }: { brandId: string; c: Connection; sources: Connection[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<QueryDraft>(() => queryDraft(c.query));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const current = queryDraft(c.query);
  const save = async () => {
    setErrors({});
    setMessage('');
    try {
      await api('PATCH', `/brands/${brandId}/connections/${c.id}`, { query: queryOf(draft) });
      setMessage(t('channels.query.saved'));
      onSaved();
    } catch (e) {
      const { field, message: m } = fieldError(e, (f) => f.startsWith('query.'));
      if (field) setErrors({ [field]: m });
      else setMessage(m);
    }
  };
  return (
    <details className="query-edit" data-testid="query-edit">
      <summary>
        {t('channels.query.edit')}:{' '}
        <span dir="auto" data-testid="query-summary">
          {current.include ? current.include : t('channels.query.none')}
        </span>
      </summary>
      <QueryEditor brandId={brandId} draft={draft} onChange={setDraft} errors={errors} sources={sources} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void save()}>
          {t('channels.query.save')}
        </button>
        {message && <span role="status"> {message}</span>}
      </div>
    </details>
  );
}

function HealthBadge({ c }: { c: Connection }) {
  const { t } = useTranslation();
  return (
    <span className={`badge channel-${c.health.state}`} data-testid="channel-state" data-state={c.health.state}>
      {t(`channels.states.${c.health.state}`)}
    </span>
  );
}

/** One connection: health, fetch now (the first items as plain text), pause/resume, remove (confirmed), webhook URL. */
function ConnectionRow({
  brandId,
  c,
  spec,
  added,
  sources,
  onChanged,
}: {
  brandId: string;
  c: Connection;
  spec?: ConnectorType;
  /** Set right after adding: the row offers "Test" and, for a webhook, the URL and secret to paste. */
  added?: AddedConnection;
  sources: Connection[];
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<FetchOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const act = async (fn: () => Promise<unknown>) => {
    setError('');
    setBusy(true);
    try {
      await fn();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const h = c.health;
  const base = `/brands/${brandId}/connections/${c.id}`;
  const fetchNow = () => void act(async () => setOutcome(await api<FetchOutcome>('POST', `${base}/fetch`)));
  const webhookUrl = c.webhook_path ? `${window.location.origin}${c.webhook_path}` : null;
  // "Test it now" goes once the channel has been fetched (here or by the worker); a webhook's secret stays to be copied.
  const tested = outcome !== null || h.last_success_at !== null;
  return (
    <li className="connection" data-testid="connection" data-connection={c.id}>
      <div className="connection-head">
        <strong dir="auto">{c.name}</strong> <small>{t(`channels.types.${c.type}`, { defaultValue: c.type })}</small> <HealthBadge c={c} />
      </div>
      <dl className="connection-health">
        <dt>{t('channels.lastSuccess')}</dt>
        <dd>{h.last_success_at ? formatDateTime(h.last_success_at, i18n.language) : '—'}</dd>
        <dt title={t('channels.lagTitle')} aria-describedby={`lag-help-${c.id}`} data-testid="lag-label">
          {t('channels.lag')}
        </dt>
        <dd data-testid="lag">{h.lag_seconds !== null ? formatSpan(Math.round(h.lag_seconds / 60), i18n.language) : '—'}</dd>
        {h.last_error && (
          <>
            <dt>{t('channels.lastError')}</dt>
            <dd className="error" dir="auto" data-testid="channel-error">
              {h.last_error}
              {h.last_error_at && <small> ({formatDateTime(h.last_error_at, i18n.language)})</small>}
            </dd>
          </>
        )}
      </dl>
      <p className="muted lag-help" id={`lag-help-${c.id}`} data-testid="lag-help">
        {t('channels.lagHelp', { every: formatSpan(intervalMinutes(c), i18n.language) })}
      </p>
      {added && (!tested || (webhookUrl && added.webhook_secret)) && (
        <div className="just-added" data-testid="just-added" role="status">
          {!tested && (
            <p>
              {t('channels.justAdded')}{' '}
              <button type="button" className="primary" disabled={busy} onClick={fetchNow}>
                {t('channels.test')}
              </button>
            </p>
          )}
          {webhookUrl && added.webhook_secret && (
            <div className="webhook-setup" data-testid="webhook-setup">
              <p className="muted">{t('channels.webhookHint')}</p>
              <p>
                {t('channels.webhookUrl')}: <code>{webhookUrl}</code>
              </p>
              <p data-testid="webhook-secret">
                {t('channels.webhookSecret', { name: c.name })} <code className="secret">{added.webhook_secret}</code>
              </p>
            </div>
          )}
        </div>
      )}
      {webhookUrl && !added && (
        <p className="webhook-url">
          {t('channels.webhookUrl')}: <code data-testid="webhook-url">{webhookUrl}</code>
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={fetchNow}>
          {t('channels.fetchNow')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void act(() => api('PATCH', base, { status: c.status === 'paused' ? 'active' : 'paused' }))}
        >
          {c.status === 'paused' ? t('channels.resume') : t('channels.pause')}
        </button>
        {confirming ? (
          <span role="alertdialog" aria-label={t('channels.removeConfirm')}>
            {t('channels.removeConfirm')}{' '}
            <button type="button" className="danger" disabled={busy} onClick={() => void act(() => api('DELETE', base))}>
              {t('channels.removeYes')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              {t('channels.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('channels.remove')}
          </button>
        )}
      </div>
      {spec?.capabilities.broad && <ConnectionQuery brandId={brandId} c={c} sources={sources} onSaved={onChanged} />}
      {spec && <SecretsEditor brandId={brandId} c={c} spec={spec} onSaved={onChanged} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {outcome && (
        <div className="fetch-outcome" data-testid="fetch-outcome" role="status">
          <p>{t('channels.fetched', { created: outcome.created, duplicates: outcome.duplicates, skipped: outcome.skipped })}</p>
          {outcome.error && (
            <p className="error" dir="auto">
              {outcome.error}
            </p>
          )}
          <ul>
            {outcome.items.slice(0, 10).map((it) => (
              <li key={it.external_id} data-testid="fetched-item" data-status={it.status}>
                {/* Fetched text is shown as plain text, never as HTML. */}
                <span dir="auto">{it.text.slice(0, 300)}</span> <small>{t(`channels.itemStatus.${it.status}`)}</small>
                {it.link && (
                  <>
                    {' '}
                    <SafeLink href={it.link} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

/** "Add a channel": a type (with how to get what it asks for), then that type's fields; errors beside their field. */
function AddChannel({
  brandId,
  types,
  sources,
  onAdded,
}: {
  brandId: string;
  types: ConnectorType[];
  sources: Connection[];
  onAdded: (added: AddedConnection) => void;
}) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const [type, setType] = useState('');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [query, setQuery] = useState<QueryDraft>(emptyQuery);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const spec = types.find((x) => x.type === type);
  const set = (k: string, v: string | boolean) => setValues((o) => ({ ...o, [k]: v }));

  const submit = async () => {
    if (!spec) return;
    setError('');
    setErrors({});
    const config: Record<string, unknown> = {};
    const secrets: Record<string, unknown> = {};
    for (const f of spec.fields) {
      const v = values[f.name];
      if (v === undefined || v === '') continue;
      const value = f.kind === 'number' ? Number(v) : f.kind === 'list' ? splitList(String(v)) : v;
      if (f.kind === 'secret') secrets[f.name] = value;
      else config[f.name] = value;
    }
    const q = spec.capabilities.broad ? queryOf(query) : null;
    setBusy(true);
    try {
      const added = await api<AddedConnection>('POST', `/brands/${brandId}/connections`, {
        type,
        ...(name.trim() ? { name: name.trim() } : {}),
        config,
        ...(Object.keys(secrets).length ? { secrets } : {}),
        ...(q ? { query: q } : {}),
      });
      setValues({});
      setName('');
      setQuery(emptyQuery());
      onAdded(added);
    } catch (e) {
      const known = (f: string) => f === 'name' || f.startsWith('query.') || spec.fields.some((x) => x.name === f);
      const { field, message } = fieldError(e, known);
      if (field) setErrors({ [field]: message });
      else setError(message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="add-channel"
      data-testid="add-channel"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('channels.add')}</h3>
      <label>
        {t('channels.type')}{' '}
        <select
          value={type}
          onChange={(e) => {
            setType(e.target.value);
            setValues({});
            setErrors({});
            setError('');
          }}
          aria-label={t('channels.type')}
        >
          <option value="">—</option>
          {types.map((x) => (
            <option key={x.type} value={x.type}>
              {t(`channels.types.${x.type}`, { defaultValue: x.type })}
            </option>
          ))}
        </select>
      </label>
      {spec && (
        <>
          <TypeHelp type={spec.type} />
          <label data-field="name">
            {t('channels.name')} <input dir="auto" value={name} onChange={(e) => setName(e.target.value)} aria-label={t('channels.name')} />
            <FieldError message={errors.name} />
          </label>
          {spec.fields.map((f) => {
            const l = label(spec.type, f);
            const v = values[f.name];
            const invalid = errors[f.name] ? true : undefined;
            return (
              <label key={f.name} data-field={f.name}>
                {l}
                {f.required ? ' *' : ''}{' '}
                {f.kind === 'boolean' ? (
                  <input type="checkbox" checked={v === true} onChange={(e) => set(f.name, e.target.checked)} aria-label={l} aria-invalid={invalid} />
                ) : f.kind === 'list' ? (
                  <textarea
                    dir="auto"
                    rows={2}
                    value={String(v ?? '')}
                    onChange={(e) => set(f.name, e.target.value)}
                    aria-label={l}
                    aria-invalid={invalid}
                  />
                ) : (
                  <input
                    type={f.kind === 'secret' ? 'password' : f.kind === 'number' ? 'number' : f.kind === 'url' ? 'url' : 'text'}
                    autoComplete={f.kind === 'secret' ? 'new-password' : 'off'}
                    required={f.required}
                    value={String(v ?? '')}
                    onChange={(e) => set(f.name, e.target.value)}
                    aria-label={l}
                    aria-invalid={invalid}
                  />
                )}
                <FieldError message={errors[f.name]} />
              </label>
            );
          })}
          {spec.capabilities.broad && <QueryEditor brandId={brandId} draft={query} onChange={setQuery} errors={errors} sources={sources} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('channels.addButton')}
            </button>
          </div>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Changing a connection's stored secrets: never prefilled; "set" for those already stored; empty keeps them. */
function SecretsEditor({ brandId, c, spec, onSaved }: { brandId: string; c: Connection; spec: ConnectorType; onSaved: () => void }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const secretFields = spec.fields.filter((f) => f.kind === 'secret');
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (!secretFields.length) return null;
  const save = async () => {
    const secrets = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    if (!Object.keys(secrets).length) return;
    setErrors({});
    setMessage('');
    try {
      await api('PATCH', `/brands/${brandId}/connections/${c.id}`, { secrets });
      setValues({});
      setMessage(t('channels.secretsSaved'));
      onSaved();
    } catch (e) {
      const { field, message: m } = fieldError(e, (f) => secretFields.some((x) => x.name === f));
      if (field) setErrors({ [field]: m });
      else setMessage(m);
    }
  };
  return (
    <details className="secrets">
      <summary>{t('channels.secrets')}</summary>
      {secretFields.map((f) => (
        <label key={f.name} data-field={f.name}>
          {label(spec.type, f)}{' '}
          {c.secrets_set.includes(f.name) && (
            <small className="ok" data-testid="secret-set">
              {t('channels.secretSet')}
            </small>
          )}{' '}
          <input
            type="password"
            autoComplete="new-password"
            value={values[f.name] ?? ''}
            placeholder={c.secrets_set.includes(f.name) ? t('channels.secretKeep') : ''}
            onChange={(e) => setValues((o) => ({ ...o, [f.name]: e.target.value }))}
            aria-label={label(spec.type, f)}
            aria-invalid={errors[f.name] ? true : undefined}
          />
          <FieldError message={errors[f.name]} />
        </label>
      ))}
      <button type="button" onClick={() => void save()}>
        {t('channels.saveSecrets')}
      </button>
      {message && <span role="status"> {message}</span>}
    </details>
  );
}

/** Settings → Channels: the brand's connections with their health, and "Add a channel". */
export function ChannelsSection({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  const [connections, setConnections] = useState<Connection[] | null>(null);
  const [types, setTypes] = useState<ConnectorType[]>([]);
  const [error, setError] = useState('');
  const [added, setAdded] = useState<AddedConnection | null>(null);

  const load = useCallback(async () => {
    const [list, kinds] = await Promise.all([listConnections(brandId), listConnectorTypes(brandId)]);
    setConnections(list);
    setTypes(kinds);
  }, [brandId]);
  useEffect(() => {
    void load().catch((e: Error) => setError(e.message));
  }, [load]);

  return (
    <div className="channels" data-testid="channels">
      <h2>{t('channels.title')}</h2>
      <p className="muted">{t('channels.hint')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {connections && connections.length === 0 && <p className="muted">{t('channels.none')}</p>}
      <ul className="connections">
        {connections?.map((c) => (
          <ConnectionRow
            key={c.id}
            brandId={brandId}
            c={c}
            spec={types.find((x) => x.type === c.type)}
            added={added?.id === c.id ? added : undefined}
            sources={connections}
            onChanged={() => void load().catch((e: Error) => setError(e.message))}
          />
        ))}
      </ul>
      {types.length > 0 && (
        <AddChannel
          brandId={brandId}
          types={types}
          sources={connections ?? []}
          onAdded={(a) => {
            setAdded(a);
            void load();
          }}
        />
      )}
    </div>
  );
}

/** The dashboard's banner: each failing channel with its name and error (reads the same list as Settings). */
export function FailingChannelsBanner({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  // No channel layer (or no access): no banner.
  const failing = useConnections(brandId).filter((c) => c.health.state === 'failing');
  if (!failing.length) return null;
  return (
    <div className="banner failing-channels" role="alert" data-testid="failing-channels">
      {failing.map((c) => (
        <p key={c.id}>
          {t('channels.failingBanner', { name: c.name })}{' '}
          <span dir="auto" className="error">
            {c.health.last_error ?? ''}
          </span>
        </p>
      ))}
    </div>
  );
}
