/**
 * The report as a self-contained HTML page (inline CSS and SVG charts, no
 * script, every text escaped) and as CSV (one file, a `table` column naming
 * each table). PDF is this HTML printed by Chromium (src/adapters/pdf).
 */
import { stringify } from 'csv-stringify/sync';
import colours from '../../../shared/report-colours.json' with { type: 'json' };
import { type ReportText, reportText } from '../../domain/reports/report-text.js';
import { TROLL_POLICY_REASON } from '../../domain/reaction/kind-policy.js';
import type { Report } from './report.service.js';

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// The same colours as the desk's dashboard: both read shared/report-colours.json.
const COLORS: Record<string, string> = { ...colours.kind, ...colours.sentiment };

// Charts keep their geometry left to right in every language (direction="ltr" on the <svg>); their words are the
// report's language, and Arabic words still read right to left inside each label.

/** Horizontal bars, this period and (lighter) the previous one; `key` picks the colour, `label` is shown. */
function barChart(rows: Array<{ key: string; label: string; value: number; previous?: number }>, tx: ReportText, width = 640): string {
  let max = 1;
  for (const r of rows) max = Math.max(max, r.value, r.previous ?? 0);
  const rowH = rows.some((r) => r.previous !== undefined) ? 30 : 22;
  const h = rows.length * rowH + 10;
  const x0 = 150;
  const scale = (v: number) => ((width - x0 - 60) * v) / max;
  const bars = rows
    .map((r, i) => {
      const y = i * rowH + 5;
      const color = COLORS[r.key] ?? colours.default;
      return [
        `<text x="${x0 - 8}" y="${y + 14}" text-anchor="end" font-size="12">${esc(r.label)}</text>`,
        `<rect x="${x0}" y="${y + 2}" width="${scale(r.value).toFixed(1)}" height="14" fill="${color}"/>`,
        `<text x="${x0 + scale(r.value) + 4}" y="${y + 14}" font-size="12">${esc(tx.number(r.value))}</text>`,
        r.previous !== undefined
          ? `<rect x="${x0}" y="${y + 18}" width="${scale(r.previous).toFixed(1)}" height="7" fill="${color}" opacity="0.35"/>`
          : '',
      ].join('');
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" role="img" direction="ltr">${bars}</svg>`;
}

function lineChart(weeks: Report['sentimentByWeek'], tx: ReportText, width = 640, height = 200): string {
  // A loop, not Math.max(...all): spreading a long period's values overflows the stack.
  let max = 1;
  for (const w of weeks) max = Math.max(max, w.negative, w.neutral, w.positive);
  const x = (i: number) => 40 + (weeks.length <= 1 ? 0 : (i * (width - 60)) / (weeks.length - 1));
  const y = (v: number) => height - 30 - ((height - 50) * v) / max;
  const line = (key: 'negative' | 'neutral' | 'positive') =>
    `<polyline fill="none" stroke="${COLORS[key] ?? colours.total}" stroke-width="2" points="${weeks.map((w, i) => `${x(i).toFixed(1)},${y(w[key]).toFixed(1)}`).join(' ')}"/>`;
  const labels = weeks
    .map((w, i) =>
      i % Math.ceil(weeks.length / 7) === 0
        ? `<text x="${x(i)}" y="${height - 10}" font-size="10" text-anchor="middle">${esc(tx.shortDay(w.week))}</text>`
        : '',
    )
    .join('');
  const axis = `<line x1="40" y1="${height - 30}" x2="${width - 20}" y2="${height - 30}" stroke="#ccc"/><text x="5" y="${y(max) + 4}" font-size="10">${esc(tx.number(max))}</text>`;
  const legend = ['negative', 'neutral', 'positive']
    .map(
      (k, i) =>
        `<rect x="${60 + i * 90}" y="4" width="10" height="10" fill="${COLORS[k]}"/><text x="${74 + i * 90}" y="13" font-size="11">${esc(tx.label('sentiments', k))}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" direction="ltr">${axis}${line('negative')}${line('neutral')}${line('positive')}${labels}${legend}</svg>`;
}

/** The change against the previous period, in the report's language. */
const change = (tx: ReportText, now: number, before: number): string => {
  if (!before) return now ? tx.isNew : '—';
  return tx.signedPercent(Math.round(((now - before) / before) * 100));
};

const table = (head: string[], rows: Array<Array<string | number>>) =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const minutes = (tx: ReportText, m: number | null) =>
  m === null ? '—' : m < 60 ? tx.minutes(tx.number(Math.round(m))) : tx.hours(tx.number(m / 60, 1));

/** The last day of a period that ends (exclusive) at `to`. */
const lastDay = (to: string) => new Date(Date.parse(to) - 1).toISOString();

/** The report as one HTML page in the brand's language (right to left for Arabic). */
export function renderReportHtml(r: Report): string {
  const tx = reportText(r.language);
  const n = (v: number) => tx.number(v);
  const kinds = Object.entries(r.byKind).map(([key, value]) => ({ key, label: tx.label('kinds', key), value, previous: r.previousByKind[key] ?? 0 }));
  const topics = Object.entries(r.byTopic)
    .sort((a, b) => b[1] - a[1])
    .map(([key, value]) => ({ key, label: tx.label('topics', key), value }));
  const topicsList = Object.keys(r.byTopic).sort();
  const kindNames = Object.keys(r.byKind);
  const matrix = kindNames.map((k) => [
    tx.label('kinds', k),
    ...topicsList.map((t) => n(r.kindByTopic.filter((x) => x.kind === k && x.topic === t).reduce((a, x) => a + x.n, 0))),
  ]);
  const period = tx.period(r.period.label);
  return `<!doctype html>
<html lang="${tx.lang}" dir="${tx.dir}"><head><meta charset="utf-8"><title>${esc(tx.pageTitle(r.brand.name, period))}</title>
<style>
body{font-family:"Noto Sans","Noto Sans Arabic","DejaVu Sans",Arial,sans-serif;color:#1c2430;margin:32px;font-size:13px}
h1{font-size:22px;margin:0}h2{font-size:16px;margin:26px 0 8px;border-bottom:1px solid #e3e6ea;padding-bottom:4px}
.muted{color:#667085}.kpis{display:flex;gap:14px;flex-wrap:wrap;margin:14px 0}.kpi{border:1px solid #e3e6ea;border-radius:8px;padding:8px 12px;min-width:120px}
.kpi b{display:block;font-size:20px}table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #e3e6ea;padding:3px 8px;text-align:start}th{background:#f6f7f9}
blockquote{margin:4px 0;padding:4px 8px;border-inline-start:3px solid #c0362c;background:#fafafa;white-space:pre-wrap;unicode-bidi:plaintext;overflow-wrap:anywhere}
td,p{overflow-wrap:anywhere}
@media print{body{margin:12mm}h2{break-after:avoid}svg,table{break-inside:avoid}}
</style></head><body>
<h1>${esc(tx.title(r.brand.name, period))}</h1>
<p class="muted">${esc(tx.dates(tx.day(r.period.from), tx.day(lastDay(r.period.to)), tx.moment(r.generatedAt)))} ${esc(tx.previousPeriod(tx.day(r.period.previous.from), tx.day(lastDay(r.period.previous.to))))}</p>
<div class="kpis">
<div class="kpi"><b>${n(r.total)}</b>${esc(tx.kpi.mentions)} (${esc(change(tx, r.total, r.previousTotal))})</div>
<div class="kpi"><b>${esc(minutes(tx, r.responses.medianMinutes))}</b>${esc(tx.kpi.median)}</div>
<div class="kpi"><b>${esc(minutes(tx, r.responses.p90Minutes))}</b>${esc(tx.kpi.p90)}</div>
<div class="kpi"><b>${r.responses.withinTargetShare === null ? '—' : esc(tx.percent(r.responses.withinTargetShare))}</b>${esc(tx.kpi.withinTarget)}${r.responses.decided ? ` (${esc(tx.ofCases(r.responses.withinTarget, r.responses.decided))})` : ''}</div>
<div class="kpi"><b>${n(r.breaches)}</b>${esc(tx.kpi.breaches)}</div>
<div class="kpi"><b>${n(r.cases.resolved)}</b>${esc(tx.kpi.resolved)}</div>
</div>
<h2>${esc(tx.section.byKind)}</h2>
${barChart(kinds, tx)}
${table(
  [tx.head.kind, tx.head.thisPeriod, tx.head.previous, tx.head.change],
  kinds.map((k) => [k.label, n(k.value), n(k.previous), change(tx, k.value, k.previous)]),
)}
<h2>${esc(tx.section.byTopic)}</h2>
${barChart(topics, tx)}
<h2>${esc(tx.section.kindByTopic)}</h2>
${table([tx.head.kind, ...topicsList.map((t) => tx.label('topics', t))], matrix)}
<h2>${esc(tx.section.byChannelLanguage)}</h2>
${table(
  [tx.head.channel, tx.head.mentions],
  Object.entries(r.byChannel)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => [k, n(v)]),
)}
${table(
  [tx.head.language, tx.head.mentions],
  Object.entries(r.byLanguage)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => [tx.label('languages', k), n(v)]),
)}
<h2>${esc(tx.section.sentimentByWeek)}</h2>
${lineChart(r.sentimentByWeek, tx)}
<h2>${esc(tx.section.responses)}</h2>
${table(
  [tx.head.measure, tx.head.value],
  [
    [tx.measure.opened, n(r.responses.cases)],
    [tx.measure.answered, n(r.responses.answered)],
    [tx.measure.median, minutes(tx, r.responses.medianMinutes)],
    [tx.measure.p90, minutes(tx, r.responses.p90Minutes)],
    [tx.measure.breaches, n(r.breaches)],
    [tx.measure.resolved, n(r.cases.resolved)],
    [tx.measure.reopened, n(r.cases.reopened)],
    [tx.measure.notEngaged, n(r.cases.notEngaging)],
    ...Object.entries(r.cases.followUps).map(([k, v]) => [tx.measure.followUp(tx.label('followUps', k)), n(v)] as [string, string]),
  ],
)}
${
  r.cases.notEngagingReasons.length
    ? `<p class="muted">${esc(tx.notEngagedReasons)}</p>${table(
        [tx.head.reason, tx.head.cases],
        r.cases.notEngagingReasons.map((x) => [x.reason === TROLL_POLICY_REASON ? tx.trollPolicyReason : x.reason, n(x.n)]),
      )}`
    : ''
}
<h2>${esc(tx.section.ideas)}</h2>
${
  Object.keys(r.ideas).length
    ? table(
        [tx.head.status, tx.head.ideas],
        Object.entries(r.ideas).map(([k, v]) => [tx.label('ideaStatuses', k), n(v)]),
      )
    : `<p class="muted">${esc(tx.noIdeas)}</p>`
}
<h2>${esc(tx.section.systemic)}</h2>
${
  r.systemic.length
    ? r.systemic
        .map(
          (s) =>
            `<p><b>${esc(seriesName(tx, s.series))}</b>: ${esc(tx.spike(n(s.observed), tx.number(s.expected, 1), tx.moment(s.at)))}</p>${s.examples.map((e) => `<blockquote dir="auto">${esc(e.text)}</blockquote>`).join('')}`,
        )
        .join('')
    : `<p class="muted">${esc(tx.noSystemic)}</p>`
}
<h2>${esc(tx.section.campaigns)}</h2>
${r.campaigns.length ? r.campaigns.map((c) => `<p><b>${esc(tx.campaign(n(c.size), n(c.authors), tx.moment(c.first_at)))}</b></p><blockquote dir="auto">${esc(c.sample)}</blockquote>`).join('') : `<p class="muted">${esc(tx.noCampaigns)}</p>`}
</body></html>`;
}

/** A systemic alert's series ("topic:delivery") by its topic's name. */
const seriesName = (tx: ReportText, series: string) => (series.startsWith('topic:') ? tx.label('topics', series.slice(6)) : series);

/**
 * One CSV, a row per figure: table, key, subkey, value (machine keys, the same in every language) and label (the
 * figure's name in the brand's language, for a person reading the file in a spreadsheet).
 */
export function renderReportCsv(r: Report): string {
  const tx = reportText(r.language);
  const rows: Array<[string, string, string, string | number, string]> = [];
  const of = (table: string, what: string) => `${tx.label('table', table)}: ${what}`;
  const kind = (k: string) => tx.label('kinds', k);
  const topic = (t: string) => tx.label('topics', t);
  for (const [k, v] of Object.entries(r.byKind)) rows.push(['by_kind', k, 'this_period', v, of('by_kind', `${kind(k)} (${tx.head.thisPeriod})`)]);
  for (const [k, v] of Object.entries(r.previousByKind))
    rows.push(['by_kind', k, 'previous_period', v, of('by_kind', `${kind(k)} (${tx.head.previous})`)]);
  for (const [k, v] of Object.entries(r.byTopic)) rows.push(['by_topic', k, '', v, of('by_topic', topic(k))]);
  for (const [k, v] of Object.entries(r.byChannel)) rows.push(['by_channel', k, '', v, of('by_channel', k)]);
  for (const [k, v] of Object.entries(r.byLanguage)) rows.push(['by_language', k, '', v, of('by_language', tx.label('languages', k))]);
  for (const x of r.kindByTopic) rows.push(['kind_by_topic', x.kind, x.topic, x.n, of('kind_by_topic', `${kind(x.kind)} × ${topic(x.topic)}`)]);
  for (const w of r.sentimentByWeek)
    for (const s of ['negative', 'neutral', 'positive'] as const)
      rows.push(['sentiment_by_week', w.week, s, w[s], of('sentiment_by_week', `${tx.day(w.week)}, ${tx.label('sentiments', s)}`)]);
  const responses = (key: string, value: number | string, what: string) => rows.push(['responses', key, '', value, of('responses', what)]);
  responses('cases', r.responses.cases, tx.measure.opened);
  responses('answered', r.responses.answered, tx.measure.answered);
  responses('median_minutes', r.responses.medianMinutes ?? '', `${tx.measure.median}, ${tx.minuteUnit}`);
  responses('p90_minutes', r.responses.p90Minutes ?? '', `${tx.measure.p90}, ${tx.minuteUnit}`);
  responses('within_target_share', r.responses.withinTargetShare ?? '', tx.kpi.withinTarget);
  responses('breaches', r.breaches, tx.measure.breaches);
  rows.push(
    ['cases', 'resolved', '', r.cases.resolved, of('cases', tx.measure.resolved)],
    ['cases', 'reopened', '', r.cases.reopened, of('cases', tx.measure.reopened)],
    ['cases', 'not_engaging', '', r.cases.notEngaging, of('cases', tx.measure.notEngaged)],
  );
  for (const x of r.cases.notEngagingReasons) rows.push(['not_engaging_reasons', x.reason, '', x.n, tx.label('table', 'not_engaging_reasons')]);
  for (const [k, v] of Object.entries(r.cases.followUps)) rows.push(['follow_ups', k, '', v, tx.measure.followUp(tx.label('followUps', k))]);
  for (const [k, v] of Object.entries(r.ideas)) rows.push(['ideas', k, '', v, of('ideas', tx.label('ideaStatuses', k))]);
  for (const s of r.systemic) rows.push(['systemic_problems', s.series, s.at, s.observed, of('systemic_problems', seriesName(tx, s.series))]);
  for (const c of r.campaigns) rows.push(['campaigns', c.first_at, c.sample, c.size, tx.label('table', 'campaigns')]);
  // Posts and reasons are other people's text: a cell starting with = + - @ (tab, CR) is prefixed with ' so a
  // spreadsheet shows it instead of running it as a formula (numbers stay numbers).
  return stringify([['table', 'key', 'subkey', 'value', 'label'], ...rows], { escape_formulas: true });
}
