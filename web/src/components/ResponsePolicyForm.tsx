import { useTranslation } from 'react-i18next';
import { ChoiceChips } from './ChoiceChips';
import { FieldError, type FieldProblem, StructuredSection } from './StructuredSection';

const KINDS = ['constructive', 'impulsive', 'trolling', 'black_pr', 'question', 'praise', 'idea', 'neutral'] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
type Unit = 'minutes' | 'hours';

interface Period {
  start: string;
  end: string;
}
interface TargetRule {
  channels?: string[];
  kinds?: string[];
  visibility?: 'public' | 'private';
  firstResponseMinutes: number | null;
  nextResponseMinutes?: number | null;
}
interface Policy {
  calendar?: { timeZone?: string; week?: Partial<Record<Weekday, Period[]>>; holidays?: string[] };
  businessHours?: boolean;
  targets?: TargetRule[];
  dueSoonMinutes?: number;
  cooldownMinutes?: number;
  followUpAfterHours?: number;
}

interface TargetDraft {
  /** Conditions: empty lists and '' mean "any". */
  kinds: string[];
  visibility: '' | 'public' | 'private';
  channels: string;
  none: boolean;
  first: string;
  firstUnit: Unit;
  /** Empty: the same as the first response. */
  next: string;
  nextUnit: Unit;
  /** The rule as loaded: keys the form does not show are kept. */
  base: TargetRule | null;
}
export interface PolicyDraft {
  timeZone: string;
  businessHours: boolean;
  /** The first period of each day; further periods of a day are kept as they were (JSON only). */
  week: Record<Weekday, { open: boolean; start: string; end: string }>;
  holidays: string;
  targets: TargetDraft[];
  dueSoonMinutes: string;
  cooldownMinutes: string;
  followUpAfterHours: string;
}

/** The zone the browser runs in: the suggestion for a brand still counting in UTC. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Every IANA zone the browser knows, UTC first. */
function timeZones(current: string): string[] {
  const supported = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const all = new Set(['UTC', ...supported, browserTimeZone()]);
  if (current) all.add(current);
  return [...all];
}

const MAX_TARGET = 60 * 24 * 30;
const inUnit = (minutes: number | null | undefined): { text: string; unit: Unit } =>
  typeof minutes !== 'number'
    ? { text: '', unit: 'hours' }
    : minutes % 60 === 0
      ? { text: String(minutes / 60), unit: 'hours' }
      : { text: String(minutes), unit: 'minutes' };

function toDraft(value: unknown): PolicyDraft {
  const p = (value ?? {}) as Policy;
  const week = p.calendar?.week ?? {};
  return {
    timeZone: p.calendar?.timeZone ?? 'UTC',
    businessHours: p.businessHours !== false,
    week: Object.fromEntries(
      WEEKDAYS.map((d) => {
        const first = week[d]?.[0];
        return [d, { open: Boolean(first), start: first?.start ?? '09:00', end: first?.end ?? '18:00' }];
      }),
    ) as PolicyDraft['week'],
    holidays: (p.calendar?.holidays ?? []).join('\n'),
    targets: (p.targets ?? []).map((r) => {
      const first = inUnit(r.firstResponseMinutes);
      const next = inUnit(r.nextResponseMinutes);
      return {
        kinds: r.kinds ?? [],
        visibility: r.visibility ?? '',
        channels: (r.channels ?? []).join(', '),
        none: r.firstResponseMinutes === null,
        first: first.text,
        firstUnit: first.unit,
        next: next.text,
        nextUnit: next.unit,
        base: r,
      };
    }),
    dueSoonMinutes: String(p.dueSoonMinutes ?? 15),
    cooldownMinutes: String(p.cooldownMinutes ?? 180),
    followUpAfterHours: String(p.followUpAfterHours ?? 72),
  };
}

/** Minutes for a figure typed in a unit, or null when it is out of range (1 minute to 30 days). */
function minutesOf(text: string, unit: Unit): number | null {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return null;
  const minutes = unit === 'hours' ? Math.round(n * 60) : n;
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_TARGET ? minutes : null;
}

const rangeOf = (unit: Unit) => (unit === 'hours' ? { min: 0.25, max: MAX_TARGET / 60 } : { min: 1, max: MAX_TARGET });

export function ResponsePolicyForm({ brandId, value, onSaved }: { brandId: string; value: unknown; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const outOfRange = (field: string, min: number, max: number): { problem: FieldProblem } => ({
    problem: { field, text: t('settings.outOfRange', { min, max }) },
  });

  const fromDraft = (d: PolicyDraft, baseValue: unknown): { value: unknown } | { problem: FieldProblem } => {
    const base = (baseValue ?? {}) as Policy;
    const targets: TargetRule[] = [];
    for (const [i, td] of d.targets.entries()) {
      const rule: TargetRule = { ...(td.base ?? { firstResponseMinutes: null }) };
      delete rule.kinds;
      delete rule.visibility;
      delete rule.channels;
      const channels = td.channels
        .split(/[\s,;]+/)
        .map((c) => c.trim())
        .filter(Boolean);
      if (td.kinds.length > 0) rule.kinds = td.kinds;
      if (td.visibility) rule.visibility = td.visibility;
      if (channels.length > 0) rule.channels = channels;
      if (td.none) {
        rule.firstResponseMinutes = null;
      } else {
        const first = minutesOf(td.first, td.firstUnit);
        const r = rangeOf(td.firstUnit);
        if (first === null) return outOfRange(`targets.${i}.firstResponseMinutes`, r.min, r.max);
        rule.firstResponseMinutes = first;
      }
      if (td.next.trim() === '') {
        // Empty: as the first response (a "no target" set in JSON is kept).
        if (rule.nextResponseMinutes !== null) delete rule.nextResponseMinutes;
      } else {
        const next = minutesOf(td.next, td.nextUnit);
        const r = rangeOf(td.nextUnit);
        if (next === null) return outOfRange(`targets.${i}.nextResponseMinutes`, r.min, r.max);
        rule.nextResponseMinutes = next;
      }
      targets.push(rule);
    }
    const ints: Array<['dueSoonMinutes' | 'cooldownMinutes' | 'followUpAfterHours', number, number]> = [
      ['dueSoonMinutes', 1, 24 * 60],
      ['cooldownMinutes', 0, 48 * 60],
      ['followUpAfterHours', 1, 24 * 60],
    ];
    const numbers: Record<string, number> = {};
    for (const [key, min, max] of ints) {
      const n = Number(d[key]);
      if (d[key].trim() === '' || !Number.isInteger(n) || n < min || n > max) return outOfRange(key, min, max);
      numbers[key] = n;
    }
    const baseWeek = base.calendar?.week ?? {};
    const week = Object.fromEntries(
      WEEKDAYS.map((day) => {
        const w = d.week[day];
        const rest = (baseWeek[day] ?? []).slice(1);
        return [day, w.open ? [{ start: w.start.trim(), end: w.end.trim() }, ...rest] : []];
      }),
    );
    const holidays = d.holidays
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      value: {
        ...base,
        calendar: { ...base.calendar, timeZone: d.timeZone, week, holidays },
        businessHours: d.businessHours,
        targets,
        ...numbers,
      },
    };
  };

  const suggested = browserTimeZone();
  const dayName = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toLocaleDateString(i18n.language, { weekday: 'long', timeZone: 'UTC' });

  return (
    <StructuredSection<PolicyDraft>
      brandId={brandId}
      section="responsePolicy"
      id="business-hours"
      value={value}
      toDraft={toDraft}
      fromDraft={fromDraft}
      onSaved={onSaved}
      render={(d, update, error) => {
        const unitSelect = (label: string, v: Unit, set: (u: Unit) => void) => (
          <select aria-label={label} value={v} onChange={(e) => set(e.target.value as Unit)}>
            <option value="minutes">{t('settings.rp.minutes')}</option>
            <option value="hours">{t('settings.rp.hours')}</option>
          </select>
        );
        const setTarget = (i: number, change: Partial<TargetDraft>) =>
          update((x) => ({ ...x, targets: x.targets.map((td, j) => (j === i ? { ...td, ...change } : td)) }));
        const tzError = error('calendar.timeZone');
        return (
          <div className="form-grid response-policy-form">
            <div className={`form-row${tzError ? ' invalid' : ''}`}>
              <label htmlFor="rp-timezone">{t('settings.rp.timeZone')}</label>
              <select id="rp-timezone" value={d.timeZone} onChange={(e) => update((x) => ({ ...x, timeZone: e.target.value }))}>
                {timeZones(d.timeZone).map((z) => (
                  <option key={z} value={z}>
                    {z === suggested ? t('settings.rp.yourZone', { zone: z }) : z}
                  </option>
                ))}
              </select>
              {d.timeZone !== suggested && (
                <button type="button" className="link" onClick={() => update((x) => ({ ...x, timeZone: suggested }))}>
                  {t('settings.rp.useBrowserZone', { zone: suggested })}
                </button>
              )}
              <FieldError text={tzError} />
            </div>
            <div className="form-row">
              <label htmlFor="rp-business-hours">{t('settings.rp.businessHours')}</label>
              <input
                id="rp-business-hours"
                type="checkbox"
                checked={d.businessHours}
                onChange={(e) => update((x) => ({ ...x, businessHours: e.target.checked }))}
              />
            </div>
            <fieldset className="week" data-testid="week">
              <legend>{t('settings.rp.week')}</legend>
              {WEEKDAYS.map((day, i) => {
                const w = d.week[day];
                const name = dayName(i);
                const set = (change: Partial<PolicyDraft['week'][Weekday]>) =>
                  update((x) => ({ ...x, week: { ...x.week, [day]: { ...x.week[day], ...change } } }));
                const message = error(`calendar.week.${day}`);
                const extra = (((value ?? {}) as Policy).calendar?.week?.[day]?.length ?? 0) - 1;
                return (
                  <div key={day} className={`form-row day${message ? ' invalid' : ''}`} data-day={day}>
                    <label htmlFor={`rp-${day}-open`}>{name}</label>
                    <span className="field-input">
                      <input id={`rp-${day}-open`} type="checkbox" checked={w.open} onChange={(e) => set({ open: e.target.checked })} />
                      <span className="muted">{w.open ? t('settings.rp.open') : t('settings.rp.closed')}</span>
                      {w.open && (
                        <>
                          <input
                            className="hhmm"
                            aria-label={t('settings.rp.from', { day: name })}
                            placeholder="09:00"
                            value={w.start}
                            onChange={(e) => set({ start: e.target.value })}
                            aria-invalid={message ? true : undefined}
                          />
                          –
                          <input
                            className="hhmm"
                            aria-label={t('settings.rp.to', { day: name })}
                            placeholder="18:00"
                            value={w.end}
                            onChange={(e) => set({ end: e.target.value })}
                            aria-invalid={message ? true : undefined}
                          />
                          {extra > 0 && <span className="muted">{t('settings.rp.morePeriods', { count: extra })}</span>}
                        </>
                      )}
                    </span>
                    <FieldError text={message} />
                  </div>
                );
              })}
              <FieldError text={error('calendar.week', true)} />
            </fieldset>
            <div className={`form-row${error('calendar.holidays') ? ' invalid' : ''}`}>
              <label htmlFor="rp-holidays">{t('settings.rp.holidays')}</label>
              <textarea
                id="rp-holidays"
                rows={3}
                placeholder="2026-12-25"
                value={d.holidays}
                onChange={(e) => update((x) => ({ ...x, holidays: e.target.value }))}
              />
              <FieldError text={error('calendar.holidays')} />
            </div>
            {/* One row per target: which mentions (kinds as chips that show what is chosen, public/private, channels),
                then the first response and each next message, each a value and its unit on one line. */}
            <table className="plain targets" data-testid="targets">
              <thead>
                <tr>
                  <th scope="col">{t('settings.rp.appliesTo')}</th>
                  <th scope="col">{t('settings.rp.firstResponse')}</th>
                  <th scope="col">{t('settings.rp.nextResponse')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('settings.rp.removeColumn')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.targets.map((td, i) => {
                  const n = i + 1;
                  const firstError = error(`targets.${i}.firstResponseMinutes`) ?? error(`targets.${i}`, true);
                  const nextError = error(`targets.${i}.nextResponseMinutes`);
                  const whenError = error(`targets.${i}.kinds`) ?? error(`targets.${i}.channels`);
                  return (
                    <tr key={i} data-target={i} className={firstError || nextError ? 'invalid' : undefined}>
                      <td className={`target-when${whenError ? ' invalid' : ''}`}>
                        <ChoiceChips
                          label={t('settings.rp.kindsOf', { n })}
                          hideLabel
                          values={KINDS}
                          chosen={td.kinds}
                          labelOf={(k) => t(`kinds.${k}`)}
                          onChange={(kinds) => setTarget(i, { kinds })}
                          noneHint={t('settings.rp.anyKind')}
                          testId={`target-kinds-${n}`}
                        />
                        <div className="target-scope">
                          <select
                            aria-label={t('settings.rp.visibilityOf', { n })}
                            value={td.visibility}
                            onChange={(e) => setTarget(i, { visibility: e.target.value as TargetDraft['visibility'] })}
                          >
                            <option value="">{t('settings.rp.anyVisibility')}</option>
                            <option value="public">{t('settings.rp.public')}</option>
                            <option value="private">{t('settings.rp.private')}</option>
                          </select>
                          <input
                            aria-label={t('settings.rp.channelsOf', { n })}
                            placeholder={t('settings.rp.anyChannel')}
                            value={td.channels}
                            onChange={(e) => setTarget(i, { channels: e.target.value })}
                          />
                        </div>
                        <FieldError text={whenError} />
                      </td>
                      <td className={`target-time${firstError ? ' invalid' : ''}`}>
                        <label className="no-target">
                          <input type="checkbox" checked={td.none} onChange={(e) => setTarget(i, { none: e.target.checked })} />{' '}
                          {t('settings.rp.noTarget')}
                        </label>
                        {!td.none && (
                          <span className="field-input">
                            <input
                              type="number"
                              min={0}
                              step="any"
                              aria-label={t('settings.rp.firstFor', { n })}
                              value={td.first}
                              onChange={(e) => setTarget(i, { first: e.target.value })}
                              aria-invalid={firstError ? true : undefined}
                            />
                            {unitSelect(t('settings.rp.unitFor', { n }), td.firstUnit, (u) => setTarget(i, { firstUnit: u }))}
                          </span>
                        )}
                        <FieldError text={firstError} />
                      </td>
                      <td className={`target-time${nextError ? ' invalid' : ''}`}>
                        <span className="field-input">
                          <input
                            type="number"
                            min={0}
                            step="any"
                            className="next-value"
                            placeholder={t('settings.rp.sameAsFirst')}
                            title={t('settings.rp.sameAsFirst')}
                            aria-label={t('settings.rp.nextFor', { n })}
                            value={td.next}
                            onChange={(e) => setTarget(i, { next: e.target.value })}
                            aria-invalid={nextError ? true : undefined}
                          />
                          {unitSelect(t('settings.rp.nextUnitFor', { n }), td.nextUnit, (u) => setTarget(i, { nextUnit: u }))}
                        </span>
                        <FieldError text={nextError} />
                      </td>
                      <td className="target-remove">
                        <button type="button" onClick={() => update((x) => ({ ...x, targets: x.targets.filter((_, j) => j !== i) }))}>
                          {t('settings.rp.removeTarget', { n })}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div className="actions">
              <button
                type="button"
                onClick={() =>
                  update((x) => ({
                    ...x,
                    targets: [
                      ...x.targets,
                      {
                        kinds: [],
                        visibility: '',
                        channels: '',
                        none: false,
                        first: '1',
                        firstUnit: 'hours',
                        next: '',
                        nextUnit: 'hours',
                        base: null,
                      },
                    ],
                  }))
                }
              >
                {t('settings.rp.addTarget')}
              </button>
              <FieldError text={error('targets', true)} />
            </div>
            {(
              [
                ['dueSoonMinutes', 'minutes'],
                ['cooldownMinutes', 'minutes'],
                ['followUpAfterHours', 'hours'],
              ] as const
            ).map(([key, unit]) => {
              const message = error(key);
              return (
                <div key={key} className={`form-row${message ? ' invalid' : ''}`}>
                  <label htmlFor={`rp-${key}`}>{t(`settings.rp.${key}`)}</label>
                  <span className="field-input">
                    <input
                      id={`rp-${key}`}
                      type="number"
                      value={d[key]}
                      onChange={(e) => update((x) => ({ ...x, [key]: e.target.value }))}
                      aria-invalid={message ? true : undefined}
                    />
                    <span className="muted">{t(`settings.rp.${unit}`)}</span>
                  </span>
                  <FieldError text={message} />
                </div>
              );
            })}
            <p className="muted">{t('settings.rp.jsonOnly')}</p>
          </div>
        );
      }}
    />
  );
}
