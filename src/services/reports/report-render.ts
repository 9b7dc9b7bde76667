/**
 * The report as a self-contained HTML page (inline CSS and SVG charts, no
 * script, every text escaped) and as CSV (one file, a `table` column naming
 * each table). PDF is this HTML printed by Chromium (src/adapters/pdf).
 */
import { stringify } from 'csv-stringify/sync';
import colours from '../../../shared/report-colours.json' with { type: 'json' };
import type { Report } from './report.service.js';

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// The same colours as the desk's dashboard: both read shared/report-colours.json.
const COLORS: Record<string, string> = { ...colours.kind, ...colours.sentiment };

/** Horizontal bars, this period and (lighter) the previous one. */
function barChart(rows: Array<{ label: string; value: number; previous?: number }>, width = 640): string {
  let max = 1;
  for (const r of rows) max = Math.max(max, r.value, r.previous ?? 0);
  const rowH = rows.some((r) => r.previous !== undefined) ? 30 : 22;
  const h = rows.length * rowH + 10;
  const x0 = 150;
  const scale = (v: number) => ((width - x0 - 60) * v) / max;
  const bars = rows
    .map((r, i) => {
      const y = i * rowH + 5;
      const color = COLORS[r.label] ?? colours.default;
      return [
        `<text x="${x0 - 8}" y="${y + 14}" text-anchor="end" font-size="12">${esc(r.label)}</text>`,
        `<rect x="${x0}" y="${y + 2}" width="${scale(r.value).toFixed(1)}" height="14" fill="${color}"/>`,
        `<text x="${x0 + scale(r.value) + 4}" y="${y + 14}" font-size="12">${r.value}</text>`,
        r.previous !== undefined
          ? `<rect x="${x0}" y="${y + 18}" width="${scale(r.previous).toFixed(1)}" height="7" fill="${color}" opacity="0.35"/>`
          : '',
      ].join('');
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" role="img">${bars}</svg>`;
}

function lineChart(weeks: Report['sentimentByWeek'], width = 640, height = 200): string {
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
        ? `<text x="${x(i)}" y="${height - 10}" font-size="10" text-anchor="middle">${esc(w.week.slice(5))}</text>`
        : '',
    )
    .join('');
  const axis = `<line x1="40" y1="${height - 30}" x2="${width - 20}" y2="${height - 30}" stroke="#ccc"/><text x="5" y="${y(max) + 4}" font-size="10">${max}</text>`;
  const legend = ['negative', 'neutral', 'positive']
    .map(
      (k, i) =>
        `<rect x="${60 + i * 90}" y="4" width="10" height="10" fill="${COLORS[k]}"/><text x="${74 + i * 90}" y="13" font-size="11">${k}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img">${axis}${line('negative')}${line('neutral')}${line('positive')}${labels}${legend}</svg>`;
}

const change = (now: number, before: number): string => {
  if (!before) return now ? 'new' : '—';
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct > 0 ? '+' : ''}${pct}%`;
};

const table = (head: string[], rows: Array<Array<string | number>>) =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const minutes = (m: number | null) => (m === null ? '—' : m < 60 ? `${Math.round(m)} min` : `${(m / 60).toFixed(1)} h`);

export function renderReportHtml(r: Report): string {
  const kinds = Object.entries(r.byKind).map(([label, value]) => ({ label, value, previous: r.previousByKind[label] ?? 0 }));
  const topics = Object.entries(r.byTopic)
    .sort((a, b) => b[1] - a[1])
    .map(([label, value]) => ({ label, value }));
  const topicsList = Object.keys(r.byTopic).sort();
  const kindNames = Object.keys(r.byKind);
  const matrix = kindNames.map((k) => [
    k,
    ...topicsList.map((t) => r.kindByTopic.filter((x) => x.kind === k && x.topic === t).reduce((a, x) => a + x.n, 0)),
  ]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.brand.name)} — report ${esc(r.period.label)}</title>
<style>
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;color:#1c2430;margin:32px;font-size:13px}
h1{font-size:22px;margin:0}h2{font-size:16px;margin:26px 0 8px;border-bottom:1px solid #e3e6ea;padding-bottom:4px}
.muted{color:#667085}.kpis{display:flex;gap:14px;flex-wrap:wrap;margin:14px 0}.kpi{border:1px solid #e3e6ea;border-radius:8px;padding:8px 12px;min-width:120px}
.kpi b{display:block;font-size:20px}table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #e3e6ea;padding:3px 8px;text-align:left}th{background:#f6f7f9}
blockquote{margin:4px 0;padding:4px 8px;border-left:3px solid #c0362c;background:#fafafa;white-space:pre-wrap}
@media print{body{margin:12mm}h2{break-after:avoid}svg,table{break-inside:avoid}}
</style></head><body>
<h1>${esc(r.brand.name)}: negative mentions report, ${esc(r.period.label)}</h1>
<p class="muted">${esc(r.period.from.slice(0, 10))} – ${esc(new Date(Date.parse(r.period.to) - 1).toISOString().slice(0, 10))}; generated ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC. Previous period: ${esc(r.period.previous.from.slice(0, 10))} – ${esc(new Date(Date.parse(r.period.previous.to) - 1).toISOString().slice(0, 10))}.</p>
<div class="kpis">
<div class="kpi"><b>${r.total}</b>mentions (${esc(change(r.total, r.previousTotal))})</div>
<div class="kpi"><b>${minutes(r.responses.medianMinutes)}</b>median first response</div>
<div class="kpi"><b>${minutes(r.responses.p90Minutes)}</b>90th percentile</div>
<div class="kpi"><b>${r.responses.withinTargetShare === null ? '—' : `${Math.round(r.responses.withinTargetShare * 100)}%`}</b>answered within target</div>
<div class="kpi"><b>${r.breaches}</b>deadlines breached</div>
<div class="kpi"><b>${r.cases.resolved}</b>cases resolved</div>
</div>
<h2>Mentions by kind (lighter: previous period)</h2>
${barChart(kinds)}
${table(
  ['kind', 'this period', 'previous', 'change'],
  kinds.map((k) => [k.label, k.value, k.previous, change(k.value, k.previous)]),
)}
<h2>By topic</h2>
${barChart(topics)}
<h2>Kind × topic</h2>
${table(['kind', ...topicsList], matrix)}
<h2>By channel and language</h2>
${table(
  ['channel', 'mentions'],
  Object.entries(r.byChannel).sort((a, b) => b[1] - a[1]),
)}
${table(
  ['language', 'mentions'],
  Object.entries(r.byLanguage).sort((a, b) => b[1] - a[1]),
)}
<h2>Sentiment by week</h2>
${lineChart(r.sentimentByWeek)}
<h2>Response and cases</h2>
${table(
  ['measure', 'value'],
  [
    ['cases opened', r.responses.cases],
    ['answered', r.responses.answered],
    ['median first response', minutes(r.responses.medianMinutes)],
    ['90th percentile', minutes(r.responses.p90Minutes)],
    ['deadlines breached', r.breaches],
    ['resolved', r.cases.resolved],
    ['reopened', r.cases.reopened],
    ['not engaged', r.cases.notEngaging],
    ...Object.entries(r.cases.followUps).map(([k, v]) => [`follow-up: ${k}`, v] as [string, number]),
  ],
)}
${
  r.cases.notEngagingReasons.length
    ? `<p class="muted">Not engaged, with reasons:</p>${table(
        ['reason', 'cases'],
        r.cases.notEngagingReasons.map((x) => [x.reason, x.n]),
      )}`
    : ''
}
<h2>Ideas collected</h2>
${Object.keys(r.ideas).length ? table(['status', 'ideas'], Object.entries(r.ideas)) : '<p class="muted">No ideas this period.</p>'}
<h2>Systemic problems</h2>
${
  r.systemic.length
    ? r.systemic
        .map(
          (s) =>
            `<p><b>${esc(s.series)}</b>: ${s.observed} in 3 hours against a usual ${s.expected.toFixed(1)} (${esc(s.at.slice(0, 16).replace('T', ' '))})</p>${s.examples.map((e) => `<blockquote>${esc(e.text)}</blockquote>`).join('')}`,
        )
        .join('')
    : '<p class="muted">No topic rose above its usual level.</p>'
}
<h2>Coordinated campaigns</h2>
${r.campaigns.length ? r.campaigns.map((c) => `<p><b>${c.size} near-identical posts from ${c.authors} authors</b>, from ${esc(c.first_at.slice(0, 16).replace('T', ' '))}</p><blockquote>${esc(c.sample)}</blockquote>`).join('') : '<p class="muted">None found.</p>'}
</body></html>`;
}

/** One CSV, a row per figure: table, key, subkey, value. */
export function renderReportCsv(r: Report): string {
  const rows: Array<[string, string, string, string | number]> = [];
  for (const [k, v] of Object.entries(r.byKind)) rows.push(['by_kind', k, 'this_period', v]);
  for (const [k, v] of Object.entries(r.previousByKind)) rows.push(['by_kind', k, 'previous_period', v]);
  for (const [k, v] of Object.entries(r.byTopic)) rows.push(['by_topic', k, '', v]);
  for (const [k, v] of Object.entries(r.byChannel)) rows.push(['by_channel', k, '', v]);
  for (const [k, v] of Object.entries(r.byLanguage)) rows.push(['by_language', k, '', v]);
  for (const x of r.kindByTopic) rows.push(['kind_by_topic', x.kind, x.topic, x.n]);
  for (const w of r.sentimentByWeek) for (const s of ['negative', 'neutral', 'positive'] as const) rows.push(['sentiment_by_week', w.week, s, w[s]]);
  rows.push(['responses', 'cases', '', r.responses.cases], ['responses', 'answered', '', r.responses.answered]);
  rows.push(['responses', 'median_minutes', '', r.responses.medianMinutes ?? ''], ['responses', 'p90_minutes', '', r.responses.p90Minutes ?? '']);
  rows.push(['responses', 'within_target_share', '', r.responses.withinTargetShare ?? ''], ['responses', 'breaches', '', r.breaches]);
  rows.push(
    ['cases', 'resolved', '', r.cases.resolved],
    ['cases', 'reopened', '', r.cases.reopened],
    ['cases', 'not_engaging', '', r.cases.notEngaging],
  );
  for (const x of r.cases.notEngagingReasons) rows.push(['not_engaging_reasons', x.reason, '', x.n]);
  for (const [k, v] of Object.entries(r.cases.followUps)) rows.push(['follow_ups', k, '', v]);
  for (const [k, v] of Object.entries(r.ideas)) rows.push(['ideas', k, '', v]);
  for (const s of r.systemic) rows.push(['systemic_problems', s.series, s.at, s.observed]);
  for (const c of r.campaigns) rows.push(['campaigns', c.first_at, c.sample.slice(0, 200), c.size]);
  // Posts and reasons are other people's text: a cell starting with = + - @ (tab, CR) is prefixed with ' so a
  // spreadsheet shows it instead of running it as a formula (numbers stay numbers).
  return stringify([['table', 'key', 'subkey', 'value'], ...rows], { escape_formulas: true });
}
