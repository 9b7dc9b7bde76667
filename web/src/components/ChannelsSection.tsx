import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import {
  type AddedConnection,
  type Connection,
  type ConnectorField,
  type ConnectorType,
  type FetchOutcome,
  listConnections,
  listConnectorTypes,
  splitList,
} from '../channels';
import { formatDateTime, formatSpan } from '../format';
import { SafeLink } from './common';

/** A field's label: the desk's own translation when it has one, else the connector's English help, else its name. */
function useFieldLabel() {
  const { t } = useTranslation();
  return (type: string, f: ConnectorField) => t(`channels.field.${type}.${f.name}`, { defaultValue: f.help ?? f.name });
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
function ConnectionRow({ brandId, c, spec, onChanged }: { brandId: string; c: Connection; spec?: ConnectorType; onChanged: () => void }) {
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
  return (
    <li className="connection" data-testid="connection" data-connection={c.id}>
      <div className="connection-head">
        <strong dir="auto">{c.name}</strong> <small>{t(`channels.types.${c.type}`, { defaultValue: c.type })}</small> <HealthBadge c={c} />
      </div>
      <dl className="connection-health">
        <dt>{t('channels.lastSuccess')}</dt>
        <dd>{h.last_success_at ? formatDateTime(h.last_success_at, i18n.language) : '—'}</dd>
        <dt>{t('channels.lag')}</dt>
        <dd>{h.lag_seconds !== null ? formatSpan(Math.round(h.lag_seconds / 60), i18n.language) : '—'}</dd>
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
      {c.webhook_path && (
        <p className="webhook-url">
          {t('channels.webhookUrl')}: <code data-testid="webhook-url">{`${window.location.origin}${c.webhook_path}`}</code>
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void act(async () => setOutcome(await api<FetchOutcome>('POST', `${base}/fetch`)))}>
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

/** "Add a channel": a type, then that type's fields (generated from the connector types); secrets are password inputs. */
function AddChannel({ brandId, types, onAdded }: { brandId: string; types: ConnectorType[]; onAdded: (added: AddedConnection) => void }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const [type, setType] = useState('');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [query, setQuery] = useState({ include: '', exclude: '', languages: '' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const spec = types.find((x) => x.type === type);
  const set = (k: string, v: string | boolean) => setValues((o) => ({ ...o, [k]: v }));

  const submit = async () => {
    if (!spec) return;
    setError('');
    const config: Record<string, unknown> = {};
    const secrets: Record<string, unknown> = {};
    for (const f of spec.fields) {
      const v = values[f.name];
      if (v === undefined || v === '') continue;
      const value = f.kind === 'number' ? Number(v) : f.kind === 'list' ? splitList(String(v)) : v;
      if (f.kind === 'secret') secrets[f.name] = value;
      else config[f.name] = value;
    }
    const q = { include: splitList(query.include), exclude: splitList(query.exclude), languages: splitList(query.languages) };
    const hasQuery = q.include.length + q.exclude.length + q.languages.length > 0;
    setBusy(true);
    try {
      const added = await api<AddedConnection>('POST', `/brands/${brandId}/connections`, {
        type,
        ...(name.trim() ? { name: name.trim() } : {}),
        config,
        ...(Object.keys(secrets).length ? { secrets } : {}),
        ...(spec.capabilities.broad && hasQuery ? { query: q } : {}),
      });
      setValues({});
      setName('');
      setQuery({ include: '', exclude: '', languages: '' });
      onAdded(added);
    } catch (e) {
      setError((e as Error).message);
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
          <label>
            {t('channels.name')} <input dir="auto" value={name} onChange={(e) => setName(e.target.value)} aria-label={t('channels.name')} />
          </label>
          {spec.fields.map((f) => {
            const l = label(spec.type, f);
            const v = values[f.name];
            return (
              <label key={f.name} data-field={f.name}>
                {l}
                {f.required ? ' *' : ''}{' '}
                {f.kind === 'boolean' ? (
                  <input type="checkbox" checked={v === true} onChange={(e) => set(f.name, e.target.checked)} aria-label={l} />
                ) : f.kind === 'list' ? (
                  <textarea dir="auto" rows={2} value={String(v ?? '')} onChange={(e) => set(f.name, e.target.value)} aria-label={l} />
                ) : (
                  <input
                    type={f.kind === 'secret' ? 'password' : f.kind === 'number' ? 'number' : f.kind === 'url' ? 'url' : 'text'}
                    autoComplete={f.kind === 'secret' ? 'new-password' : 'off'}
                    required={f.required}
                    value={String(v ?? '')}
                    onChange={(e) => set(f.name, e.target.value)}
                    aria-label={l}
                  />
                )}
              </label>
            );
          })}
          {spec.capabilities.broad && (
            <fieldset className="listening-query">
              <legend>{t('channels.query.title')}</legend>
              <p className="muted">{t('channels.query.hint')}</p>
              {(['include', 'exclude', 'languages'] as const).map((k) => (
                <label key={k}>
                  {t(`channels.query.${k}`)}{' '}
                  <input
                    dir="auto"
                    value={query[k]}
                    onChange={(e) => setQuery((q) => ({ ...q, [k]: e.target.value }))}
                    aria-label={t(`channels.query.${k}`)}
                  />
                </label>
              ))}
            </fieldset>
          )}
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
  if (!secretFields.length) return null;
  const save = async () => {
    const secrets = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    if (!Object.keys(secrets).length) return;
    try {
      await api('PATCH', `/brands/${brandId}/connections/${c.id}`, { secrets });
      setValues({});
      setMessage(t('channels.secretsSaved'));
      onSaved();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <details className="secrets">
      <summary>{t('channels.secrets')}</summary>
      {secretFields.map((f) => (
        <label key={f.name}>
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
          />
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
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);

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
            onChanged={() => void load().catch((e: Error) => setError(e.message))}
          />
        ))}
      </ul>
      {secret && (
        <p className="webhook-secret" data-testid="webhook-secret">
          {t('channels.webhookSecret', { name: secret.name })} <code className="secret">{secret.secret}</code>
        </p>
      )}
      {types.length > 0 && (
        <AddChannel
          brandId={brandId}
          types={types}
          onAdded={(added) => {
            setSecret(added.webhook_secret ? { name: added.name, secret: added.webhook_secret } : null);
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
  const [failing, setFailing] = useState<Connection[]>([]);
  useEffect(() => {
    if (!brandId) return;
    let live = true;
    listConnections(brandId)
      .then((list) => live && setFailing(list.filter((c) => c.health.state === 'failing')))
      // No channel layer (or no access): no banner.
      .catch(() => live && setFailing([]));
    return () => {
      live = false;
    };
  }, [brandId]);
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
