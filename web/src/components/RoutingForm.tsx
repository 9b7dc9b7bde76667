import { useTranslation } from 'react-i18next';
import { PERMISSIONS } from '../../../src/domain/access/permissions.js';
import { ChoiceChips } from './ChoiceChips';
import { FieldError, type FieldProblem, StructuredSection } from './StructuredSection';
import { useReadOnly } from './common';
import { useBrandMembers, useTeams } from './useBrandData';

const KINDS = ['constructive', 'impulsive', 'trolling', 'black_pr', 'question', 'praise', 'idea', 'neutral'] as const;
const TOPICS = ['service', 'product_quality', 'staff', 'price', 'website', 'delivery', 'billing', 'other'] as const;
const SITUATIONS = ['service_complaint', 'price_question', 'public_negative_comment', 'conflict_for_conflict', 'idea', 'other'] as const;

interface Rule {
  name: string;
  channels?: string[];
  topics?: string[];
  kinds?: string[];
  situations?: string[];
  languages?: string[];
  teamId?: string;
  userId?: string;
}
interface Routing {
  rules?: Rule[];
  review?: { kinds?: string[]; newResponders?: boolean; reviewerIds?: string[] };
}
interface RuleDraft {
  name: string;
  channels: string;
  topics: string[];
  kinds: string[];
  situations: string[];
  languages: string;
  to: 'team' | 'user';
  teamId: string;
  userId: string;
  /** The rule as loaded: keys the form does not show are kept. */
  base: Rule | null;
}
interface RoutingDraft {
  rules: RuleDraft[];
  reviewKinds: string[];
  newResponders: boolean;
  reviewerIds: string[];
}

/** Who may approve replies (the server's rule): the only people offered as reviewers. */
const MAY_APPROVE: readonly string[] = PERMISSIONS['reply.approve'];

const words = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((w) => w.trim())
    .filter(Boolean);

function toDraft(value: unknown): RoutingDraft {
  const r = (value ?? {}) as Routing;
  return {
    rules: (r.rules ?? []).map((rule) => ({
      name: rule.name,
      channels: (rule.channels ?? []).join(', '),
      topics: rule.topics ?? [],
      kinds: rule.kinds ?? [],
      situations: rule.situations ?? [],
      languages: (rule.languages ?? []).join(', '),
      to: rule.userId ? 'user' : 'team',
      teamId: rule.teamId ?? '',
      userId: rule.userId ?? '',
      base: rule,
    })),
    reviewKinds: r.review?.kinds ?? ['black_pr'],
    newResponders: r.review?.newResponders !== false,
    reviewerIds: r.review?.reviewerIds ?? [],
  };
}

function fromDraft(d: RoutingDraft, baseValue: unknown): { value: unknown } | { problem: FieldProblem } {
  const base = (baseValue ?? {}) as Routing;
  const rules = d.rules.map((rd) => {
    const out: Record<string, unknown> = { ...(rd.base ?? {}) };
    for (const k of ['channels', 'topics', 'kinds', 'situations', 'languages', 'teamId', 'userId']) delete out[k];
    out.name = rd.name;
    const lists: Record<string, string[]> = {
      channels: words(rd.channels),
      topics: rd.topics,
      kinds: rd.kinds,
      situations: rd.situations,
      languages: words(rd.languages),
    };
    for (const [k, v] of Object.entries(lists)) if (v.length > 0) out[k] = v;
    if (rd.to === 'team' && rd.teamId) out.teamId = rd.teamId;
    if (rd.to === 'user' && rd.userId) out.userId = rd.userId;
    return out;
  });
  return {
    value: { ...base, rules, review: { ...base.review, kinds: d.reviewKinds, newResponders: d.newResponders, reviewerIds: d.reviewerIds } },
  };
}

/** Routing rules as rows (condition → team or person; first match wins) and the review rules. */
export function RoutingForm({ brandId, value, onSaved }: { brandId: string; value: unknown; onSaved: () => void }) {
  const { t } = useTranslation();
  const { teams } = useTeams(brandId);
  const people = useBrandMembers(brandId, true, useReadOnly()) ?? [];

  return (
    <StructuredSection<RoutingDraft>
      brandId={brandId}
      section="routing"
      value={value}
      toDraft={toDraft}
      fromDraft={fromDraft}
      onSaved={onSaved}
      render={(d, update, error) => {
        const setRule = (i: number, change: Partial<RuleDraft>) =>
          update((x) => ({ ...x, rules: x.rules.map((r, j) => (j === i ? { ...r, ...change } : r)) }));
        const move = (i: number, by: number) =>
          update((x) => {
            const rules = [...x.rules];
            const [r] = rules.splice(i, 1);
            rules.splice(i + by, 0, r!);
            return { ...x, rules };
          });
        const chips = (
          label: string,
          name: string,
          values: readonly string[],
          chosen: string[],
          labelOf: (v: string) => string,
          set: (v: string[]) => void,
        ) => (
          <ChoiceChips
            label={label}
            name={name}
            values={values}
            chosen={chosen}
            labelOf={labelOf}
            onChange={set}
            noneHint={t('settings.routingForm.any')}
          />
        );
        const reviewers = people.filter((p) => MAY_APPROVE.includes(p.role));
        return (
          <div className="form-grid routing-form">
            <p className="muted">{t('settings.routingForm.order')}</p>
            <ol className="routing-rules" data-testid="routing-rules">
              {d.rules.map((r, i) => {
                const n = i + 1;
                const message = error(`rules.${i}`);
                return (
                  <li key={i} className={`routing-rule${message ? ' invalid' : ''}`} data-rule={i}>
                    <div className="form-row">
                      <label htmlFor={`rule-${i}-name`}>{t('settings.routingForm.name', { n })}</label>
                      <input id={`rule-${i}-name`} dir="auto" value={r.name} onChange={(e) => setRule(i, { name: e.target.value })} />
                    </div>
                    <div className="conditions">
                      <span className="muted">{t('settings.routingForm.when')}</span>
                      {chips(
                        t('settings.routingForm.topicsLabel'),
                        t('settings.routingForm.topics', { n }),
                        TOPICS,
                        r.topics,
                        (v) => t(`topics.${v}`),
                        (v) => setRule(i, { topics: v }),
                      )}
                      {chips(
                        t('settings.routingForm.kindsLabel'),
                        t('settings.routingForm.kinds', { n }),
                        KINDS,
                        r.kinds,
                        (v) => t(`kinds.${v}`),
                        (v) => setRule(i, { kinds: v }),
                      )}
                      {chips(
                        t('settings.routingForm.situationsLabel'),
                        t('settings.routingForm.situations', { n }),
                        SITUATIONS,
                        r.situations,
                        (v) => t(`situations.${v}`),
                        (v) => setRule(i, { situations: v }),
                      )}
                      <label className="text-condition">
                        <span className="choice-label">{t('settings.routingForm.channelsLabel')}</span>
                        <input
                          aria-label={t('settings.routingForm.channels', { n })}
                          placeholder={t('settings.routingForm.channelsPlaceholder')}
                          value={r.channels}
                          onChange={(e) => setRule(i, { channels: e.target.value })}
                        />
                      </label>
                      <label className="text-condition">
                        <span className="choice-label">{t('settings.routingForm.languagesLabel')}</span>
                        <input
                          aria-label={t('settings.routingForm.languages', { n })}
                          placeholder={t('settings.routingForm.languagesPlaceholder')}
                          value={r.languages}
                          onChange={(e) => setRule(i, { languages: e.target.value })}
                        />
                      </label>
                    </div>
                    <div className="target">
                      <span className="muted">→</span>
                      <select
                        aria-label={t('settings.routingForm.to', { n })}
                        value={r.to}
                        onChange={(e) => setRule(i, { to: e.target.value as 'team' | 'user' })}
                      >
                        <option value="team">{t('settings.routingForm.team')}</option>
                        <option value="user">{t('settings.routingForm.person')}</option>
                      </select>
                      {r.to === 'team' ? (
                        <select
                          aria-label={t('settings.routingForm.teamOf', { n })}
                          value={r.teamId}
                          onChange={(e) => setRule(i, { teamId: e.target.value })}
                        >
                          <option value="">{t('settings.routingForm.choose')}</option>
                          {r.teamId && !teams.some((tm) => tm.id === r.teamId) && <option value={r.teamId}>{r.teamId}</option>}
                          {teams.map((tm) => (
                            <option key={tm.id} value={tm.id}>
                              {tm.name}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <select
                          aria-label={t('settings.routingForm.personOf', { n })}
                          value={r.userId}
                          onChange={(e) => setRule(i, { userId: e.target.value })}
                        >
                          <option value="">{t('settings.routingForm.choose')}</option>
                          {r.userId && !people.some((p) => p.id === r.userId) && <option value={r.userId}>{r.userId}</option>}
                          {people.map((p) => (
                            <option key={p.id} value={p.id}>
                              {p.name} ({p.email})
                            </option>
                          ))}
                        </select>
                      )}
                      <button type="button" disabled={i === 0} aria-label={t('settings.routingForm.up', { n })} onClick={() => move(i, -1)}>
                        ↑
                      </button>
                      <button
                        type="button"
                        disabled={i === d.rules.length - 1}
                        aria-label={t('settings.routingForm.down', { n })}
                        onClick={() => move(i, 1)}
                      >
                        ↓
                      </button>
                      <button type="button" onClick={() => update((x) => ({ ...x, rules: x.rules.filter((_, j) => j !== i) }))}>
                        {t('settings.routingForm.remove')}
                      </button>
                    </div>
                    <FieldError text={message} />
                  </li>
                );
              })}
            </ol>
            <div className="actions">
              <button
                type="button"
                onClick={() =>
                  update((x) => ({
                    ...x,
                    rules: [
                      ...x.rules,
                      {
                        name: '',
                        channels: '',
                        topics: [],
                        kinds: [],
                        situations: [],
                        languages: '',
                        to: 'team',
                        teamId: '',
                        userId: '',
                        base: null,
                      },
                    ],
                  }))
                }
              >
                {t('settings.routingForm.add')}
              </button>
              <FieldError text={error('rules', true)} />
            </div>
            <fieldset className="review">
              <legend>{t('settings.routingForm.review')}</legend>
              <div className={`form-row${error('review.kinds') ? ' invalid' : ''}`}>
                <ChoiceChips
                  label={t('settings.routingForm.reviewKinds')}
                  values={KINDS}
                  chosen={d.reviewKinds}
                  labelOf={(v) => t(`kinds.${v}`)}
                  onChange={(v) => update((x) => ({ ...x, reviewKinds: v }))}
                />
                <FieldError text={error('review.kinds')} />
              </div>
              <div className="form-row">
                <label htmlFor="review-new">{t('settings.routingForm.newResponders')}</label>
                <input
                  id="review-new"
                  type="checkbox"
                  checked={d.newResponders}
                  onChange={(e) => update((x) => ({ ...x, newResponders: e.target.checked }))}
                />
              </div>
              <div className={`form-row${error('review.reviewerIds') ? ' invalid' : ''}`}>
                {/* Only people whose role may approve replies (not responders or specialists); one chosen before and no
                    longer such stays shown, so it can be taken off. */}
                <ChoiceChips
                  label={t('settings.routingForm.reviewers')}
                  values={[...new Set([...reviewers.map((p) => p.id), ...d.reviewerIds])]}
                  chosen={d.reviewerIds}
                  labelOf={(id) => {
                    const p = people.find((x) => x.id === id);
                    return p ? `${p.name} (${t(`people.roles.${p.role}`, { defaultValue: p.role })})` : t('settings.memberGone', { id });
                  }}
                  onChange={(v) => update((x) => ({ ...x, reviewerIds: v }))}
                  testId="reviewers"
                />
                <FieldError text={error('review.reviewerIds')} />
              </div>
            </fieldset>
          </div>
        );
      }}
    />
  );
}
