import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import colours from '../../../shared/report-colours.json';
import { api, type Campaign, type Dashboard, type SystemicAlert } from '../api';
import { formatSpan } from '../components/common';

// The same colours as the report (HTML and PDF): both read shared/report-colours.json.
const KIND_COLORS: Record<string, string> = colours.kind;

/** This and the last month, this and the last quarter. */
function reportPeriods(now = new Date()): string[] {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const month = (yy: number, mm: number) => `${yy + Math.floor(mm / 12)}-${String((((mm % 12) + 12) % 12) + 1).padStart(2, '0')}`;
  const q = Math.floor(m / 3);
  const quarter = (qq: number) => `${y + Math.floor(qq / 4)}-Q${(((qq % 4) + 4) % 4) + 1}`;
  return [month(y, m), month(y, m - 1), quarter(q), quarter(q - 1)];
}

export function DashboardPage({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
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
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  const mins = (x: number | null) => (x === null ? '—' : formatSpan(x));
  const kinds = d.kinds.filter((k) => k.n > 0).map((k) => k.kind);
  return (
    <section className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <p className="reports" data-testid="reports">
        {t('dashboard.reports')}:{' '}
        {reportPeriods().map((p) => (
          <span key={p} className="report-period">
            <strong>{p}</strong>{' '}
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
          <strong>{d.work.open}</strong>
          <span>{t('dashboard.open')}</span>
        </div>
        <div className="tile bad">
          <strong>{d.work.breached}</strong>
          <span>{t('dashboard.breached')}</span>
        </div>
        <div className="tile warn">
          <strong>{d.work.dueSoon}</strong>
          <span>{t('dashboard.dueSoon')}</span>
        </div>
        <div className="tile">
          <strong>{d.work.unassigned}</strong>
          <span>{t('dashboard.unassigned')}</span>
        </div>
        <div className="tile">
          <strong>{mins(d.responses.medianMinutes)}</strong>
          <span>{t('dashboard.median')}</span>
        </div>
        <div className="tile">
          <strong>{pct(d.responses.withinTargetShare)}</strong>
          <span>{t('dashboard.withinTarget')}</span>
        </div>
      </div>
      <div className="charts">
        <div className="chart">
          <h2>{t('dashboard.byKind')}</h2>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={d.kindsByDay}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} />
              <Tooltip />
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
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Line dataKey="negative" stroke={colours.sentiment.negative} dot={false} isAnimationActive={false} />
              <Line dataKey="neutral" stroke={colours.sentiment.neutral} dot={false} isAnimationActive={false} />
              <Line dataKey="positive" stroke={colours.sentiment.positive} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
        <div className="chart">
          <h2>{t('dashboard.topics')}</h2>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={d.topics} layout="vertical" margin={{ left: 40 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="topic" tick={{ fontSize: 11 }} />
              <Tooltip />
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
                <strong>{a.series}</strong>:{' '}
                {t('dashboard.spike', { observed: a.observed, expected: a.expected.toFixed(1), at: new Date(a.created_at).toLocaleString() })}
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
                  {x.topic}: {t('dashboard.negativeCount', { count: x.negative, total: x.total })}
                </li>
              ))}
          </ol>
        </div>
      </div>
      <p className="muted">{t('dashboard.period', { from: d.from.slice(0, 10), to: d.to.slice(0, 10) })}</p>
    </section>
  );
}
