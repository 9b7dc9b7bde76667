import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelsSection } from '../components/ChannelsSection';
import { ResponsePolicyForm } from '../components/ResponsePolicyForm';
import { RoutingForm } from '../components/RoutingForm';
import { type FieldSpec, SettingsForm } from '../components/SettingsForm';
import { useAction } from '../components/useAction';
import { formatDateTime } from '../format';
import { UI_LANGUAGES } from '../i18n';
import { Link } from '../router';
import { can, roleOn } from '../permissions';
import { api, type Me, type BrandModelStatus, type BrandModelTraining, type CreatedToken, type SecondOpinionUsage, type Token } from '../api';
import { HintText, ReadOnlyContext, useReadOnly } from '../components/common';

/** Sections edited as a form (JSON stays as their advanced view). */
const FORMS = {
  automaticThresholds: [
    { key: 'trolling', type: 'percent' },
    { key: 'impulsive', type: 'percent' },
    { key: 'black_pr', type: 'percent' },
  ],
  learning: [
    { key: 'enabled', type: 'boolean' },
    { key: 'retrainEvery', type: 'number', min: 0, max: 10_000 },
  ],
  secondOpinion: [
    { key: 'enabled', type: 'boolean' },
    { key: 'baseUrl', type: 'url', optional: true },
    { key: 'model', type: 'text', optional: true },
    { key: 'reviewBelow', type: 'percent' },
    { key: 'maxAgeHours', type: 'number', min: 1, max: 24 * 365 },
    { key: 'perMinute', type: 'number', min: 1, max: 600 },
    { key: 'perDay', type: 'number', min: 1, max: 1_000_000 },
  ],
  reportSchedule: [
    { key: 'monthly', type: 'boolean' },
    { key: 'quarterly', type: 'boolean' },
    { key: 'recipients', type: 'emails' },
    { key: 'format', type: 'select', options: ['pdf', 'html'] },
  ],
  escalation: [
    { key: 'legalUserIds', type: 'members' },
    { key: 'legalEmail', type: 'email', optional: true },
  ],
  retention: [{ key: 'days', type: 'number', min: 1, max: 36_500, nullable: true }],
} as const satisfies Record<string, readonly FieldSpec[]>;
type FormSection = keyof typeof FORMS;

/** Sections edited as JSON only, for now (the response policy and routing have their own forms). */
const SECTIONS = ['delivery', 'webhooks', 'replyTemplates', 'playbooks', 'competitors'] as const;
type Section = (typeof SECTIONS)[number] | FormSection | 'language' | 'responsePolicy' | 'routing';
/** What a role that may not change the settings reads of the JSON-only ones: not the integrations' addresses (delivery, webhooks). */
const READABLE_JSON = new Set<(typeof SECTIONS)[number]>(['replyTemplates', 'playbooks', 'competitors']);

/** A section of the brand's settings as JSON, validated by the server on save (errors name the field). */
function SectionEditor({ brandId, section, value, onSaved }: { brandId: string; section: Section; value: unknown; onSaved: () => void }) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [message, setMessage] = useState('');
  useEffect(() => setText(JSON.stringify(value, null, 2)), [value]);
  const save = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setMessage(t('settings.badJson', { message: (e as Error).message }));
      return;
    }
    try {
      await api('PATCH', `/brands/${brandId}/settings`, { [section]: parsed });
      setMessage(t('settings.saved'));
      onSaved();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <details className="section" data-section={section}>
      <summary>{t(`settings.sections.${section}`)}</summary>
      <p className="muted">
        <HintText text={t(`settings.hints.${section}`)} />
      </p>
      <textarea
        className="json"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={Math.min(24, text.split('\n').length + 1)}
        aria-label={section}
      />
      {!readOnly && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void save()}>
            {t('settings.save')}
          </button>
          {message && <span role="status">{message}</span>}
        </div>
      )}
    </details>
  );
}

/** The brand's language: its reports (HTML, PDF, CSV) are written in it, whatever language each person's desk is in. */
function BrandLanguage({ brandId, value, onSaved }: { brandId: string; value: unknown; onSaved: () => void }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const save = async (language: string) => {
    try {
      await api('PATCH', `/brands/${brandId}/settings`, { language });
      setMessage(t('settings.saved'));
      onSaved();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <div className="form-row brand-language" data-section="language">
      <label htmlFor="brand-language">{t('settings.brandLanguage')}</label>
      <select id="brand-language" value={typeof value === 'string' ? value : 'en'} onChange={(e) => void save(e.target.value)}>
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
      <span className="muted">{t('settings.hints.language')}</span>
      {message && <span role="status">{message}</span>}
    </div>
  );
}

/** The history horizon: mentions posted longer ago than this when processed are filed as history (no deadline). */
function HistoryHorizon({ brandId, value, onSaved }: { brandId: string; value: unknown; onSaved: () => void }) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const stored = typeof value === 'number' ? value : 14;
  const [days, setDays] = useState(String(stored));
  const [message, setMessage] = useState('');
  useEffect(() => setDays(String(stored)), [stored]);
  const save = async () => {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 36_500) {
      setMessage(t('settings.outOfRange', { min: 1, max: 36_500 }));
      return;
    }
    try {
      await api('PATCH', `/brands/${brandId}/settings`, { historyHorizonDays: n });
      setMessage(t('settings.saved'));
      onSaved();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <div className="form-row history-horizon" data-section="historyHorizonDays">
      <label htmlFor="history-horizon">{t('settings.historyHorizon')}</label>
      {/* The input and its Save share the middle column: the hint keeps its own, as in the other rows. */}
      <span className="field-input">
        <input id="history-horizon" type="number" min={1} max={36_500} value={days} onChange={(e) => setDays(e.target.value)} />
        {!readOnly && (
          <button type="button" className="primary" onClick={() => void save()}>
            {t('settings.save')}
          </button>
        )}
      </span>
      <span className="muted">
        <HintText text={t('settings.hints.historyHorizonDays')} />
      </span>
      {message && <span role="status">{message}</span>}
    </div>
  );
}

/** The brand's learning: corrections so far, the layer trained on them, and "Retrain now". */
function BrandModelPanel({ brandId, status, onTrained }: { brandId: string; status: BrandModelStatus; onTrained: () => void }) {
  const { t, i18n } = useTranslation();
  const readOnly = useReadOnly();
  const [result, setResult] = useState('');
  const [busy, setBusy] = useState(false);
  const layer = status.layer;
  const retrain = async () => {
    setBusy(true);
    try {
      const r = await api<BrandModelTraining>('POST', `/brands/${brandId}/brand-model/train`);
      setResult(
        r.trained
          ? t('settings.brandModel.trained', { version: r.version, corrections: r.corrections, ms: r.ms })
          : t('settings.brandModel.notTrained', { reason: r.reason }),
      );
      onTrained();
    } catch (e) {
      setResult((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="brand-model" data-testid="brand-model">
      <p className="muted">
        {t('settings.brandModel.corrections', { count: status.corrections, min: status.min_corrections })}{' '}
        {status.broken
          ? t('settings.brandModel.broken')
          : layer
            ? t('settings.brandModel.layer', { version: layer.version, at: formatDateTime(layer.trained_at, i18n.language), on: layer.trained_on })
            : t('settings.brandModel.none')}
        {layer?.agreement &&
          ` ${t('settings.brandModel.agreement', { base: layer.agreement.base.kind, layer: layer.agreement.layer.kind, base2: layer.agreement.base.sentiment, layer2: layer.agreement.layer.sentiment })}`}
      </p>
      {!readOnly && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void retrain()}>
            {t('settings.brandModel.retrain')}
          </button>
          {result && <span role="status">{result}</span>}
        </div>
      )}
    </div>
  );
}

/** Today's use of the second opinion: who is asked, the limits, and the outcomes so far (UTC day). */
function SecondOpinionToday({ usage }: { usage: SecondOpinionUsage }) {
  const { t } = useTranslation();
  const outcomes = Object.entries(usage.outcomes_today);
  return (
    <p className="muted" data-testid="second-opinion-usage">
      {usage.endpoint
        ? t('settings.secondOpinionEndpoint', { endpoint: t(`settings.endpoint.${usage.endpoint}`), model: usage.model ?? '—' })
        : t('settings.secondOpinionNoEndpoint')}{' '}
      {t('settings.secondOpinionToday', { calls: usage.calls_today, perDay: usage.per_day })}
      {outcomes.length > 0 &&
        ` (${outcomes.map(([k, n]) => `${t(`settings.outcomes.${k}`, { defaultValue: k })}: ${n}`).join(t('case.listSeparator'))})`}
    </p>
  );
}

export function SettingsPage({ brandId, me }: { brandId: string; me: Me }) {
  const { t } = useTranslation();
  // Each part shows only to whom may change it (the server refuses the rest); a role that may change none reads why.
  const mayChannels = can(me, brandId, 'channel.manage');
  const mayTokens = can(me, brandId, 'token.manage');
  const mayPolicy = can(me, brandId, 'policy.manage');
  const role = roleOn(me, brandId);
  const [settings, setSettings] = useState<Record<Section | 'historyHorizonDays', unknown> | null>(null);
  const [tokens, setTokens] = useState<Token[]>([]);
  const [newToken, setNewToken] = useState('');
  const [tokenName, setTokenName] = useState('');
  const [error, setError] = useState('');
  const [secondOpinion, setSecondOpinion] = useState<SecondOpinionUsage | null>(null);
  const [brandModel, setBrandModel] = useState<BrandModelStatus | null>(null);

  const load = useCallback(async () => {
    setSettings(await api('GET', `/brands/${brandId}/settings`));
    setSecondOpinion(await api<SecondOpinionUsage>('GET', `/brands/${brandId}/second-opinion`).catch(() => null));
    setBrandModel(await api<BrandModelStatus>('GET', `/brands/${brandId}/brand-model`).catch(() => null));
    if (mayTokens) setTokens((await api<{ items: Token[] }>('GET', `/brands/${brandId}/tokens`).catch(() => ({ items: [] }))).items);
  }, [brandId, mayTokens]);
  useEffect(() => {
    if (brandId) void load().catch((e: Error) => setError(e.message));
  }, [brandId, load]);

  const run = useAction(load, setError);

  if (!settings) return <p className="loading">{error || t('app.loading')}</p>;
  return (
    <section className="settings">
      <h1>{t('settings.title')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>
        <Link to="/settings/people">{t('settings.peopleLink')}</Link>
      </p>

      {mayChannels && <ChannelsSection brandId={brandId} />}

      {mayTokens && (
        <>
          <h2>{t('settings.tokens')}</h2>
          <table className="plain">
            <tbody>
              {tokens.map((tk) => (
                <tr key={tk.id}>
                  <td dir="auto">{tk.name}</td>
                  <td>
                    <code>{tk.prefix}…</code>
                  </td>
                  <td>
                    {tk.revoked_at ? (
                      t('settings.revoked')
                    ) : (
                      <button type="button" onClick={() => run(() => api('DELETE', `/tokens/${tk.id}`))}>
                        {t('settings.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <input placeholder={t('settings.tokenName')} value={tokenName} onChange={(e) => setTokenName(e.target.value)} />
            <button
              type="button"
              disabled={!tokenName}
              onClick={() => run(async () => setNewToken((await api<CreatedToken>('POST', `/brands/${brandId}/tokens`, { name: tokenName })).token))}
            >
              {t('settings.createToken')}
            </button>
            {newToken && (
              <code className="secret" data-testid="new-token">
                {newToken}
              </code>
            )}
          </div>
        </>
      )}

      {!mayPolicy && (
        <p className="muted role-limit" data-testid="read-only-settings">
          {t('settings.readOnly', { role: t(`people.roles.${role}`, { defaultValue: role }) })}
        </p>
      )}
      {/* A role that may read the settings but not change them sees them all the same: disabled, with no Save. */}
      <ReadOnlyContext.Provider value={!mayPolicy}>
        <fieldset className="settings-sections" disabled={!mayPolicy} data-read-only={!mayPolicy || undefined}>
          <h2>{t('settings.judgement')}</h2>
          {(['automaticThresholds', 'learning', 'secondOpinion'] as const).map((s) => (
            <SettingsForm key={s} brandId={brandId} section={s} value={settings[s]} fields={FORMS[s]} onSaved={() => void load()}>
              {s === 'secondOpinion' && secondOpinion && <SecondOpinionToday usage={secondOpinion} />}
              {s === 'learning' && brandModel && <BrandModelPanel brandId={brandId} status={brandModel} onTrained={() => void load()} />}
            </SettingsForm>
          ))}

          <h2>{t('settings.policy')}</h2>
          <BrandLanguage brandId={brandId} value={settings.language} onSaved={() => void load()} />
          <HistoryHorizon brandId={brandId} value={settings.historyHorizonDays} onSaved={() => void load()} />
          <ResponsePolicyForm brandId={brandId} value={settings.responsePolicy} onSaved={() => void load()} />
          <RoutingForm brandId={brandId} value={settings.routing} onSaved={() => void load()} />
          {(['reportSchedule', 'escalation', 'retention'] as const).map((s) => (
            <SettingsForm key={s} brandId={brandId} section={s} value={settings[s]} fields={FORMS[s]} onSaved={() => void load()} />
          ))}
          {SECTIONS.filter((s) => mayPolicy || READABLE_JSON.has(s)).map((s) => (
            <SectionEditor key={s} brandId={brandId} section={s} value={settings[s]} onSaved={() => void load()} />
          ))}
        </fieldset>
      </ReadOnlyContext.Provider>
    </section>
  );
}
