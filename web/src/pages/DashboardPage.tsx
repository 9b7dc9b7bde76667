import { FailingChannelsBanner } from '../components/ChannelsSection';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import colours from '../../../shared/report-colours.json';
import { api, type Campaign, type Dashboard, type SystemicAlert } from '../api';
import { formatDateTime, formatDay, formatMonth, formatNumber, formatShortDay, formatPercent, formatSpan } from '../format';
import { isRtl } from '../i18n';

// The same colours as the report (HTML and PDF): both read shared/report-colours.json.
const KIND_COLORS: Record<string, string> = colours.kind;

/** This and the last month, this and the last quarter. */
/** The period's last day: the dashboard's `to` is exclusive (midnight after the last day counted), so it shows the day before. */
function lastDay(to: string): string {
  return new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
}

function reportPeriods(now = new Date()): string[] {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const month = (yy: number, mm: number) => `${yy + Math.floor(mm / 12)}-${String((((mm % 12) + 12) % 12) + 1).padStart(2, '0')}`;
  const q = Math.floor(m / 3);
  const quarter = (qq: number) => `${y + Math.floor(qq / 4)}-Q${(((qq % 4) + 4) % 4) + 1}`;
  return [month(y, m), month(y, m - 1), quarter(q), quarter(q - 1)];
}

export function DashboardPage({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Time runs right to left in Arabic: the charts' time axis is mirrored and the value axis moves to the right.
  const rtl = isRtl(lang);
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState('');
  const [alerts, setAlerts] = useState<SystemicAlert[]>([]);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  useEffect(() => {
    if (!brandId) return;
    api<Dashboard>('GET', `/brands/${brandId}/dashboard`)
      .then(setD)
      .catch((e: Error) => setError(e.message));
    api<{ items: typeof alerts }>('GET', `/brands/${brandId}/systemic-alerts`)
      .then((r) => setAlerts(r.items))
      .catch(() => undefined);
    api<{ items: typeof campaigns }>('GET', `/brands/${brandId}/campaigns`)
      .then((r) => setCampaigns(r.items))
      .catch(() => undefined);
  }, [brandId]);
  if (!d) return <p className="loading">{error || t('app.loading')}</p>;
  const pct = (x: number | null) => (x === null ? '—' : formatPercent(x, lang));
  const mins = (x: number | null) => (x === null ? '—' : formatSpan(x, lang));
  const num = (x: number) => formatNumber(x, lang);
  // A report period in words: "December 2026", "Q4 2026" in the UI language.
  const periodName = (p: string) => {
    const q = /^(\d{4})-Q(\d)$/.exec(p);
    return q ? t('dashboard.quarter', { q: q[2], year: q[1] }) : formatMonth(`${p}-01`, lang);
  };
  const topicName = (x: string) => t(`topics.${x}`, { defaultValue: x });
  const day = (x: unknown) => (typeof x === 'string' ? formatDay(x, lang) : '');
  const shortDay = (x: unknown) => (typeof x === 'string' ? formatShortDay(x, lang) : '');
  // A systemic alert's series is "topic:<topic>" (or another key the detector names).
  const seriesName = (x: string) => (x.startsWith('topic:') ? topicName(x.slice(6)) : x);
  const kinds = d.kinds.filter((k) => k.n > 0).map((k) => k.kind);
  return (
    <section className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <FailingChannelsBanner brandId={brandId} />
      <p className="reports" data-testid="reports">
        {t('dashboard.reports')}:{' '}
        {reportPeriods().map((p) => (
          <span key={p} className="report-period">
            <strong data-period={p}>{periodName(p)}</strong>{' '}
            {(['html', 'csv', 'pdf'] as const).map((f) => (
              <a
                key={f}
                href={`/api/v1/brands/${encodeURIComponent(brandId)}/report?period=${p}&format=${f}`}
                target="_blank"
                rel="noopener noreferrer"
              >
                {f.toUpperCase()}
              </a>
            ))}
          </span>
        ))}
      </p>
      <div className="tiles" data-testid="tiles">
        <div className="tile">
          <strong>{num(d.work.open)}</strong>
          <span>{t('dashboard.open')}</span>
        </div>
        <div className="tile bad">
          <strong>{num(d.work.breached)}</strong>
          <span>{t('dashboard.breached')}</span>
        </div>
        <div className="tile warn">
          <strong>{num(d.work.dueSoon)}</strong>
          <span>{t('dashboard.dueSoon')}</span>
        </div>
        <div className="tile">
          <strong>{num(d.work.unassigned)}</strong>
          <span>{t('dashboard.unassigned')}</span>
        </div>
        <div className="tile">
          <strong>{mins(d.responses.medianMinutes)}</strong>
          <span>{t('dashboard.median')}</span>
        </div>
        {/* Nothing answered yet: no share to speak of ("0%" beside cases nobody has answered reads as a verdict). */}
        <div className="tile" data-testid="within-target">
          <strong>{d.responses.answered ? pct(d.responses.withinTargetShare) : '—'}</strong>
          <span>{t('dashboard.withinTarget')}</span>
          {!d.responses.answered && <small className="hint">{t('dashboard.nothingAnswered')}</small>}
        </div>
      </div>
      <div className="charts">
        <div className="chart">
          <h2>{t('dashboard.byKind')}</h2>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={d.kindsByDay}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} tickFormatter={shortDay} reversed={rtl} />
              <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} tickFormatter={num} />
              <Tooltip labelFormatter={day} />
              <Legend />
              {kinds.map((k) => (
                <Bar key={k} dataKey={k} name={t(`kinds.${k}`)} stackId="k" fill={KIND_COLORS[k]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <div className="chart">
          <h2>{t('dashboard.sentiment')}</h2>
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={d.sentimentByDay}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} tickFormatter={shortDay} reversed={rtl} />
              <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} tickFormatter={num} />
              <Tooltip labelFormatter={day} />
              <Legend />
              <Line dataKey="negative" name={t('sentiments.negative')} stroke={colours.sentiment.negative} dot={false} isAnimationActive={false} />
              <Line dataKey="neutral" name={t('sentiments.neutral')} stroke={colours.sentiment.neutral} dot={false} isAnimationActive={false} />
              <Line dataKey="positive" name={t('sentiments.positive')} stroke={colours.sentiment.positive} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
        <div className="chart">
          <h2>{t('dashboard.topics')}</h2>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={d.topics} layout="vertical" margin={rtl ? { right: 60 } : { left: 40 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} reversed={rtl} tickFormatter={num} />
              <YAxis type="category" dataKey="topic" tick={{ fontSize: 11 }} tickFormatter={topicName} orientation={rtl ? 'right' : 'left'} />
              <Tooltip labelFormatter={(x) => (typeof x === 'string' ? topicName(x) : '')} />
              <Legend />
              <Bar dataKey="negative" name={t('dashboard.negative')} fill={colours.sentiment.negative} isAnimationActive={false} />
              <Bar dataKey="total" name={t('dashboard.total')} fill={colours.total} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <div className="chart systemic" data-testid="systemic">
          <h2>{t('dashboard.systemic')}</h2>
          <p className="muted">{t('dashboard.systemicHint')}</p>
          <ul className="alerts">
            {alerts.map((a) => (
              <li key={a.id} className="alert-item">
                <strong>{seriesName(a.series)}</strong>:{' '}
                {t('dashboard.spike', {
                  observed: num(a.observed),
                  expected: formatNumber(a.expected, lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
                  at: formatDateTime(a.created_at, lang),
                })}
                {a.examples[0] && (
                  <div className="muted" dir="auto">
                    «{a.examples[0].text.slice(0, 140)}»
                  </div>
                )}
              </li>
            ))}
            {campaigns.map((c) => (
              <li key={c.id} className="alert-item">
                <strong>{t('dashboard.campaign', { size: c.size, authors: c.authors })}</strong>
                <div className="muted" dir="auto">
                  «{c.sample.slice(0, 140)}»
                </div>
              </li>
            ))}
          </ul>
          <ol>
            {d.topics
              .filter((x) => x.negative > 0)
              .slice(0, 5)
              .map((x) => (
                <li key={x.topic}>
                  {topicName(x.topic)}: {t('dashboard.negativeCount', { count: x.negative, total: num(x.total) })}
                </li>
              ))}
          </ol>
        </div>
      </div>
      <p className="muted">{t('dashboard.period', { from: formatDay(d.from.slice(0, 10), lang), to: formatDay(lastDay(d.to), lang) })}</p>
    </section>
  );
}
