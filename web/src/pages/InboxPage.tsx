import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CaseItem, type Me } from '../api';
import { type Connection, TYPE_ICONS } from '../channels';
import { DeadlineBadge, UserText } from '../components/common';
import { LocalDateInput } from '../components/LocalDateInput';
import { ResolveDialog } from '../components/ResolveDialog';
import { IdeaBacklog } from '../components/IdeaBacklog';
import { TagOptions, typedTags, useBrandTags } from '../components/CaseTags';
import { useAssignableMembers, useChannelKeys, useConnections, useTeams } from '../components/useBrandData';
import { formatAge, formatDateTime, formatNumber } from '../format';
import { lastInbox, navigate } from '../router';

const OPEN = 'new,waiting,in_progress,awaiting_approval,replied,follow_up';
type View = 'all' | 'mine' | 'myteam' | 'breaching' | 'review' | 'trolls' | 'blackpr' | 'ideas';
const VIEWS: Record<View, Record<string, string>> = {
  all: { status: OPEN },
  mine: { status: OPEN, assignee: 'me' },
  // The cases of the teams I am on, whoever on the team has them.
  myteam: { status: OPEN, team: 'mine' },
  breaching: { status: OPEN, deadline: 'due_soon,breached' },
  // The classifier was not sure enough of the kind to act on it: a person confirms or corrects it.
  review: { flag: 'needs_review' },
  trolls: { kind: 'trolling' },
  blackpr: { kind: 'black_pr' },
  ideas: { kind: 'idea' },
};
const KINDS = ['constructive', 'impulsive', 'trolling', 'black_pr', 'question', 'praise', 'idea', 'neutral'];
const TOPICS = ['service', 'product_quality', 'staff', 'price', 'website', 'delivery', 'billing', 'other'];
/** The instant a day (YYYY-MM-DD) starts in the viewer's time zone, `days` later; an unreadable day goes as typed. */
function localDayStart(day: string, days = 0): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).toISOString() : day;
}

/** How long a resolve from the keyboard waits for Undo before it is sent. */
const UNDO_MS = 5000;
/** Cases per page; "Load more" asks for the next page with the server's cursor. */
const PAGE = 50;
type Sort = 'recent' | 'due';
/** A page of the inbox: `total` is at least that many when `total_capped`. */
type CasePage = { items: CaseItem[]; total: number; total_capped: boolean; next_cursor: string | null };
/** A saved view: the tab and the filters set on top, as the server keeps them. */
type SavedFilter = Partial<Record<'q' | 'status' | 'kind' | 'channel' | 'topic' | 'tag' | 'language' | 'deadline' | 'from' | 'to', string>> & {
  view?: View;
  sort?: Sort;
};
type SavedView = { id: string; name: string; filter: SavedFilter };
const STATUSES = ['new', 'waiting', 'in_progress', 'awaiting_approval', 'replied', 'follow_up', 'resolved', 'closed', 'not_engaging'];

/**
 * The channel a case came from: the connection's type mark and name when the channel key is a connection's
 * (one connection: its name; several on one key: the key), else the key as it is. Plain text.
 */
function ChannelBadge({ channel, connections }: { channel: string; connections: Connection[] }) {
  const own = connections.filter((c) => c.channel === channel);
  if (!own.length) return <small>{channel}</small>;
  const icon = TYPE_ICONS[own[0]!.type] ?? own[0]!.type;
  const name = own.length === 1 ? own[0]!.name : channel;
  return (
    <small className="channel-badge" data-testid="channel-badge" data-type={own[0]!.type} title={own.map((c) => c.name).join(', ')}>
      <span aria-hidden="true">{icon}</span> <span dir="auto">{name}</span>
    </small>
  );
}

const FILTER_FIELDS = ['q', 'status', 'kind', 'channel', 'topic', 'tag', 'language', 'deadline', 'from', 'to'] as const;

/** The inbox's filters from the address (`/?view=trolls&kind=…`), so a filtered inbox can be bookmarked, shared and reloaded. */
function filterFromSearch(search: string): SavedFilter {
  const p = new URLSearchParams(search);
  const f: SavedFilter = {};
  const view = p.get('view');
  if (view && view in VIEWS) f.view = view as View;
  const sort = p.get('sort');
  if (sort === 'recent' || sort === 'due') f.sort = sort;
  for (const k of FILTER_FIELDS) {
    const v = p.get(k)?.slice(0, 500);
    if (v) f[k] = v;
  }
  return f;
}

/** The address for a filter: only what differs from the plain inbox. */
function searchOfFilter(f: SavedFilter): string {
  const p = new URLSearchParams();
  if (f.view && f.view !== 'all') p.set('view', f.view);
  if (f.sort && f.sort !== 'recent') p.set('sort', f.sort);
  for (const k of FILTER_FIELDS) if (f[k]) p.set(k, f[k]);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function InboxPage({ brandId, me }: { brandId: string; me: Me }) {
  const connections = useConnections(brandId);
  const managesBrand = me.user.isAdmin || ['admin', 'manager'].includes(me.brands.find((b) => b.id === brandId)?.role ?? '');
  const { t, i18n } = useTranslation();
  // The filters start from the address: a bookmarked or shared inbox opens as it was.
  const [initial] = useState(() => filterFromSearch(window.location.search));
  const [view, setView] = useState<View>(initial.view ?? 'all');
  const [q, setQ] = useState(initial.q ?? '');
  const [status, setStatus] = useState(initial.status ?? '');
  const [kind, setKind] = useState(initial.kind ?? '');
  const [channel, setChannel] = useState(initial.channel ?? '');
  const [topic, setTopic] = useState(initial.topic ?? '');
  const [tag, setTag] = useState(initial.tag ?? '');
  const [language, setLanguage] = useState(initial.language ?? '');
  const [deadline, setDeadline] = useState(initial.deadline ?? '');
  const [from, setFrom] = useState(initial.from ?? '');
  const [to, setTo] = useState(initial.to ?? '');
  const [sort, setSort] = useState<Sort>(initial.sort ?? 'recent');
  const channelKeys = useChannelKeys(brandId);
  // Saved views: my own filters under a name (kept on the server, per brand).
  const [savedViews, setSavedViews] = useState<SavedView[]>([]);
  const [naming, setNaming] = useState<string | null>(null);
  const [items, setItems] = useState<CaseItem[]>([]);
  const [total, setTotal] = useState(0);
  const [capped, setCapped] = useState(false);
  const [next, setNext] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // The clock the age column reads, moved on once a minute.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const h = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(h);
  }, []);
  const [selected, setSelected] = useState(0);
  const [message, setMessage] = useState('');
  // Why the list could not be loaded for the filters set (a reversed date range…): gone once a load succeeds.
  const [loadError, setLoadError] = useState('');
  const search = useRef<HTMLInputElement>(null);
  // `e` resolves the selected case after a few seconds unless undone; an unanswered complaint asks for a reason first.
  const [resolving, setResolving] = useState<CaseItem | null>(null);
  const [undoable, setUndoable] = useState<CaseItem | null>(null);
  const undoTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const commitRef = useRef<(() => void) | null>(null);
  // Bulk actions: the ticked cases, and a change waiting for Undo before it is sent for all of them.
  const [checked, setChecked] = useState<Set<string>>(() => new Set());
  const [bulkPending, setBulkPending] = useState<{ label: string; ids: string[]; change: Record<string, unknown> } | null>(null);
  const [bulkResolving, setBulkResolving] = useState(false);
  const [bulkReason, setBulkReason] = useState('');
  const [bulkTag, setBulkTag] = useState('');
  const [bulkDone, setBulkDone] = useState('');
  const { tags: brandTags, reload: reloadTags } = useBrandTags(brandId);
  const members = useAssignableMembers(brandId);
  const { teams } = useTeams(brandId);
  const bulkTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const bulkCommit = useRef<(() => void) | null>(null);

  const query = useMemo(() => {
    const p = new URLSearchParams({ brand: brandId, limit: String(PAGE), sort, ...VIEWS[view] });
    if (q.trim()) p.set('q', q.trim());
    if (status) p.set('status', status);
    if (kind) p.set('kind', kind);
    if (channel) p.set('channel', channel);
    if (topic) p.set('topic', topic);
    if (tag.trim()) p.set('tag', tag.trim());
    if (language) p.set('language', language);
    if (deadline) p.set('deadline', deadline);
    // The picked days are the viewer's: From is when its day starts here, To when the day after it starts (the
    // server's end is exclusive), so From = To = today is all of today.
    if (from) p.set('from', localDayStart(from));
    if (to) p.set('to', localDayStart(to, 1));
    return p.toString();
  }, [brandId, view, q, status, kind, channel, topic, tag, language, deadline, from, to, sort]);

  // The filter on screen, as a saved view holds it (only the fields set).
  const current = useMemo<SavedFilter>(() => {
    const f: SavedFilter = { view, sort };
    const fields = { q: q.trim(), status, kind, channel, topic, tag: tag.trim(), language, deadline, from, to };
    for (const [k, v] of Object.entries(fields)) if (v) f[k as keyof typeof fields] = v;
    return f;
  }, [view, sort, q, status, kind, channel, topic, tag, language, deadline, from, to]);
  // …and the address follows the filters (replaced, not pushed: Back leaves the inbox rather than undoing a filter).
  useEffect(() => {
    if (window.location.pathname !== '/') return;
    const wanted = searchOfFilter(current);
    lastInbox.search = wanted;
    if (window.location.search !== wanted) window.history.replaceState(window.history.state, '', `/${wanted}`);
  }, [current]);
  const sameFilter = (a: SavedFilter, b: SavedFilter) => {
    const norm = (f: SavedFilter) => JSON.stringify(Object.entries({ view: 'all', sort: 'recent', ...f }).sort(([x], [y]) => x.localeCompare(y)));
    return norm(a) === norm(b);
  };
  const loadViews = useCallback(async () => {
    if (!brandId) return;
    setSavedViews((await api<{ items: SavedView[] }>('GET', `/brands/${brandId}/views`)).items);
  }, [brandId]);
  useEffect(() => void loadViews().catch(() => setSavedViews([])), [loadViews]);
  const applyView = (f: SavedFilter) => {
    setView(f.view ?? 'all');
    setSort(f.sort ?? 'recent');
    setQ(f.q ?? '');
    setStatus(f.status ?? '');
    setKind(f.kind ?? '');
    setChannel(f.channel ?? '');
    setTopic(f.topic ?? '');
    setTag(f.tag ?? '');
    setLanguage(f.language ?? '');
    setDeadline(f.deadline ?? '');
    setFrom(f.from ?? '');
    setTo(f.to ?? '');
  };
  const saveView = async (name: string) => {
    try {
      await api('POST', `/brands/${brandId}/views`, { name, filter: current });
      setNaming(null);
      setMessage('');
      await loadViews();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const deleteView = async (v: SavedView) => {
    if (!window.confirm(t('inbox.savedViews.confirmDelete', { name: v.name }))) return;
    try {
      await api('DELETE', `/views/${v.id}`);
      await loadViews();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  // How many cases are on screen, so a live reload keeps the pages already loaded.
  const shown = useRef(PAGE);
  // Answers can arrive out of order (a live reload, a sort change, "Load more"): only the latest request's answer is
  // shown, so an older, shorter page never replaces the list (it did, under load: 60 rows became 50 again).
  const latest = useRef(0);
  const loading = useRef(false);
  const load = useCallback(async () => {
    if (!brandId) return;
    const mine = ++latest.current;
    const p = new URLSearchParams(query);
    p.set('limit', String(Math.min(Math.max(shown.current, PAGE), 200)));
    loading.current = true;
    const page = await api<CasePage>('GET', `/cases?${p.toString()}`).finally(() => {
      if (mine === latest.current) loading.current = false;
    });
    if (mine !== latest.current) return;
    setItems(page.items);
    setTotal(page.total);
    setCapped(page.total_capped);
    setNext(page.next_cursor);
  }, [brandId, query]);
  useEffect(() => {
    shown.current = PAGE;
  }, [query]);
  useEffect(() => {
    shown.current = Math.max(items.length, PAGE);
  }, [items.length]);

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const mine = ++latest.current;
      const reloading = loading.current;
      // A reload starting meanwhile asks for these rows too (its answer then stands for this page's).
      shown.current = Math.max(shown.current, items.length + PAGE);
      const page = await api<CasePage>('GET', `/cases?${query}&cursor=${encodeURIComponent(next)}`);
      if (mine !== latest.current) return; // the list was reloaded meanwhile, with these rows
      setItems((prev) => {
        const seen = new Set(prev.map((c) => c.id));
        return [...prev, ...page.items.filter((c) => !seen.has(c.id))];
      });
      setNext(page.next_cursor);
      // A reload overtaken by this page is done again, now for every row on screen.
      if (reloading) void load().catch(() => undefined);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setLoadingMore(false);
    }
  };

  useEffect(() => {
    const h = setTimeout(
      () =>
        void load()
          .then(() => setLoadError(''))
          .catch((e: Error) => setLoadError(e.message)),
      150,
    );
    return () => clearTimeout(h);
  }, [load]);

  // Live: the server tells which cases changed; the list reloads.
  useEffect(() => {
    if (!brandId || typeof EventSource === 'undefined') return;
    const es = new EventSource(`/api/v1/events?brand=${encodeURIComponent(brandId)}`);
    es.addEventListener('cases', () => void load().catch(() => undefined));
    return () => es.close();
  }, [brandId, load]);

  // The server sorts (by latest activity or by the soonest deadline) and pages; the desk shows its order as is.
  const rows = items;

  useEffect(() => setSelected((s) => Math.min(s, Math.max(0, rows.length - 1))), [rows.length]);

  const act = useCallback(
    async (c: CaseItem | undefined, change: Record<string, unknown>) => {
      if (!c) return;
      try {
        await api('PATCH', `/cases/${c.id}`, change);
        setMessage('');
        await load();
      } catch (e) {
        setMessage((e as Error).message);
      }
    },
    [load],
  );

  const resolveLater = useCallback(
    (c: CaseItem) => {
      if (undoTimer.current) {
        clearTimeout(undoTimer.current);
        commitRef.current?.();
      }
      const commit = () => {
        undoTimer.current = null;
        commitRef.current = null;
        setUndoable(null);
        void act(c, { status: 'resolved' });
      };
      commitRef.current = commit;
      setUndoable(c);
      undoTimer.current = setTimeout(commit, UNDO_MS);
    },
    [act],
  );
  const undo = () => {
    if (undoTimer.current) clearTimeout(undoTimer.current);
    undoTimer.current = null;
    commitRef.current = null;
    setUndoable(null);
  };
  useEffect(() => setChecked(new Set()), [brandId]);
  const toggle = (id: string) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const sendBulk = useCallback(
    async (ids: string[], change: Record<string, unknown>) => {
      try {
        const r = await api<{ changed: number; failed: number; items: Array<{ id: string; ok: boolean; error?: { message: string } }> }>(
          'POST',
          '/cases/bulk',
          { brand: brandId, case_ids: ids, change },
        );
        const refused = r.items.filter((i) => !i.ok);
        // Said when it is done (the changed cases may leave this list), so a bulk change never passes unseen.
        setBulkDone(r.changed ? t('flow.inbox.bulkDone', { changed: formatNumber(r.changed, i18n.language) }) : '');
        setMessage(
          refused.length ? t('flow.inbox.bulkRefused', { changed: r.changed, failed: r.failed, reason: refused[0]?.error?.message ?? '' }) : '',
        );
        setChecked(new Set(refused.map((i) => i.id)));
        if ('add_tags' in change || 'remove_tags' in change) void reloadTags().catch(() => undefined);
        await load();
      } catch (e) {
        setMessage((e as Error).message);
      }
    },
    [brandId, load, reloadTags, t, i18n.language],
  );
  // A bulk change waits a few seconds for Undo, like `e`; leaving the inbox sends it.
  const bulkLater = (label: string, change: Record<string, unknown>) => {
    if (bulkTimer.current) {
      clearTimeout(bulkTimer.current);
      bulkCommit.current?.();
    }
    const ids = [...checked];
    setBulkDone('');
    const commit = () => {
      bulkTimer.current = null;
      bulkCommit.current = null;
      setBulkPending(null);
      void sendBulk(ids, change);
    };
    bulkCommit.current = commit;
    setBulkPending({ label, ids, change });
    bulkTimer.current = setTimeout(commit, UNDO_MS);
  };
  const bulkUndo = () => {
    if (bulkTimer.current) clearTimeout(bulkTimer.current);
    bulkTimer.current = null;
    bulkCommit.current = null;
    setBulkPending(null);
  };
  useEffect(
    () => () => {
      if (bulkTimer.current) clearTimeout(bulkTimer.current);
      bulkCommit.current?.();
    },
    [],
  );
  const bulkResolve = () => {
    // An unanswered complaint among them asks for the reason once, for all.
    if (items.some((c) => checked.has(c.id) && c.resolution_needs_reason)) setBulkResolving(true);
    else bulkLater(t('flow.inbox.bulkResolve', { count: checked.size }), { status: 'resolved' });
  };

  // Leaving the inbox does not lose a resolve waiting for Undo: it is sent then.
  useEffect(
    () => () => {
      if (undoTimer.current) clearTimeout(undoTimer.current);
      commitRef.current?.();
    },
    [],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (resolving) return;
      const target = e.target as HTMLElement;
      // Typing in a field is not a shortcut; a ticked checkbox keeps the keys working.
      const typing =
        ['TEXTAREA', 'SELECT'].includes(target.tagName) ||
        (target.tagName === 'INPUT' && !['checkbox', 'radio'].includes((target as HTMLInputElement).type));
      if (typing) {
        if (e.key === 'Escape') target.blur();
        return;
      }
      if (e.key === 'j') setSelected((s) => Math.min(s + 1, rows.length - 1));
      else if (e.key === 'k') setSelected((s) => Math.max(s - 1, 0));
      else if (e.key === 'Enter' && rows[selected]) navigate(`/cases/${rows[selected].id}`);
      else if (e.key === 'e' && rows[selected]) {
        const c = rows[selected];
        if (c.resolution_needs_reason) setResolving(c);
        else resolveLater(c);
      } else if (e.key === 'a') void act(rows[selected], { assignee_id: me.user.id });
      else if (e.key === 'x' && rows[selected]) toggle(rows[selected].id);
      else if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, selected, act, me.user.id, resolving, resolveLater]);

  const [filtersOpen, setFiltersOpen] = useState(false);
  const select = (label: string, value: string, set: (v: string) => void, options: string[], render: (o: string) => string = (o) => o) => (
    <label>
      {label}
      <select value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{t('inbox.filters.any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {render(o)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="inbox">
      <div className="views" role="tablist">
        {(Object.keys(VIEWS) as View[]).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'active' : ''} onClick={() => setView(v)}>
            {t(`inbox.views.${v}`)}
          </button>
        ))}
        {savedViews.map((sv) => (
          <span key={sv.id} className={`saved-view${sameFilter(sv.filter, current) ? ' active' : ''}`} data-testid="saved-view">
            <button type="button" role="tab" aria-selected={sameFilter(sv.filter, current)} onClick={() => applyView(sv.filter)} dir="auto">
              {sv.name}
            </button>
            <button type="button" className="link" aria-label={t('inbox.savedViews.delete', { name: sv.name })} onClick={() => void deleteView(sv)}>
              ×
            </button>
          </span>
        ))}
        {naming === null ? (
          <button type="button" className="link" onClick={() => setNaming('')} data-testid="save-view">
            {t('inbox.savedViews.save')}
          </button>
        ) : (
          <form
            className="save-view"
            onSubmit={(e) => {
              e.preventDefault();
              if (naming.trim()) void saveView(naming.trim());
            }}
          >
            <input
              autoFocus
              dir="auto"
              maxLength={60}
              value={naming}
              onChange={(e) => setNaming(e.target.value)}
              placeholder={t('inbox.savedViews.name')}
              aria-label={t('inbox.savedViews.name')}
            />{' '}
            <button type="submit" disabled={!naming.trim()}>
              {t('inbox.savedViews.keep')}
            </button>{' '}
            <button type="button" onClick={() => setNaming(null)}>
              {t('flow.resolve.cancel')}
            </button>
          </form>
        )}
      </div>
      <div className="filters">
        <input
          ref={search}
          type="search"
          dir="auto"
          placeholder={t('inbox.search')}
          aria-label={t('inbox.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {/* On a narrow screen the filters fold behind this (the count: how many are set). */}
        <button
          type="button"
          className="filters-toggle"
          aria-expanded={filtersOpen}
          aria-controls="inbox-filter-fields"
          onClick={() => setFiltersOpen((o) => !o)}
          data-testid="filters-toggle"
        >
          {t('inbox.filters.toggle', { n: [status, kind, topic, tag, deadline, language, channel, from, to].filter(Boolean).length })}
        </button>
        <div id="inbox-filter-fields" className={`filter-fields${filtersOpen ? ' open' : ''}`}>
          {select(t('inbox.filters.status'), status, setStatus, STATUSES, (s) => t(`statuses.${s}`))}
          {select(t('inbox.filters.kind'), kind, setKind, KINDS, (k) => t(`kinds.${k}`))}
          {select(t('inbox.filters.topic'), topic, setTopic, TOPICS, (o) => t(`topics.${o}`))}
          <label>
            {t('inbox.filters.tag')}
            <input
              dir="auto"
              list="inbox-tags"
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              size={8}
              aria-label={t('inbox.filters.tag')}
              data-testid="tag-filter"
            />
            <TagOptions id="inbox-tags" tags={brandTags} />
          </label>
          {select(t('inbox.filters.deadline'), deadline, setDeadline, ['ok', 'due_soon', 'breached', 'none'], (o) => t(`inbox.deadlineStates.${o}`))}
          {select(t('inbox.filters.language'), language, setLanguage, ['ru', 'ro', 'ar', 'en'], (o) => t(`languages.${o}`))}
          <label>
            {t('inbox.filters.channel')}
            <select value={channel} onChange={(e) => setChannel(e.target.value)} data-testid="channel-filter">
              <option value="">{t('inbox.filters.any')}</option>
              {/* A key from a saved view or an address that is not (or no longer) among the brand's stays choosable. */}
              {channel && !channelKeys.some((c) => c.key === channel) && <option value={channel}>{channel}</option>}
              {channelKeys.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name && c.name !== c.key ? `${c.name} (${c.key})` : c.key}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('inbox.filters.from')}
            <LocalDateInput value={from} onChange={setFrom} label={t('inbox.filters.from')} empty={t('inbox.filters.any')} />
          </label>
          <label>
            {t('inbox.filters.to')}
            <LocalDateInput value={to} onChange={setTo} label={t('inbox.filters.to')} empty={t('inbox.filters.any')} />
          </label>
          <label>
            {t('inbox.sort.label')}
            <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} data-testid="sort">
              <option value="recent">{t('inbox.sort.recent')}</option>
              <option value="due">{t('inbox.sort.due')}</option>
            </select>
          </label>
        </div>
      </div>
      {view === 'ideas' && <IdeaBacklog brandId={brandId} />}
      <p className="meta">
        <span data-testid="total">
          {capped ? t('inbox.totalCapped', { number: formatNumber(total, i18n.language) }) : t('inbox.total', { count: total })}
        </span>{' '}
        · <span>{t('inbox.live')}</span> · <span className="keys">{t('inbox.keys')}</span>
      </p>
      {(loadError || message) && (
        <p className="error" role="alert">
          {loadError || message}
        </p>
      )}
      {bulkDone && (
        <p className="notice" role="status" data-testid="bulk-done">
          {bulkDone}{' '}
          <button type="button" className="link" onClick={() => setBulkDone('')}>
            {t('flow.inbox.bulkDoneDismiss')}
          </button>
        </p>
      )}
      {undoable && (
        <p className="undo" role="status" data-testid="undo">
          {t('flow.inbox.resolving', { subject: undoable.subject.slice(0, 60) })}{' '}
          <button type="button" onClick={undo}>
            {t('flow.inbox.undo')}
          </button>
        </p>
      )}
      {checked.size > 0 && (
        <div className="bulk" role="toolbar" aria-label={t('flow.inbox.bulk', { count: checked.size })} data-testid="bulk-bar">
          <strong>{t('flow.inbox.bulk', { count: checked.size })}</strong>{' '}
          <label>
            {t('flow.inbox.bulkAssign')}{' '}
            <select
              value=""
              data-testid="bulk-assign"
              onChange={(e) => {
                const id = e.target.value;
                if (!id) return;
                const who = id === me.user.id ? t('flow.inbox.me') : (members.find((m) => m.id === id)?.name ?? id);
                bulkLater(t('flow.inbox.bulkAssigning', { count: checked.size, name: who }), { assignee_id: id });
              }}
            >
              <option value="">—</option>
              <option value={me.user.id}>{t('flow.inbox.me')}</option>
              {members
                .filter((m) => m.id !== me.user.id)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
            </select>
          </label>{' '}
          {teams.length > 0 && (
            <label>
              {t('flow.inbox.bulkTeam')}{' '}
              <select
                value=""
                data-testid="bulk-team"
                onChange={(e) => {
                  const team = teams.find((tm) => tm.id === e.target.value);
                  if (team) bulkLater(t('flow.inbox.bulkTeamAssigning', { count: checked.size, name: team.name }), { team_id: team.id });
                }}
              >
                <option value="">—</option>
                {teams.map((tm) => (
                  <option key={tm.id} value={tm.id}>
                    {tm.member_ids.length ? tm.name : t('case.teamEmpty', { name: tm.name })}
                  </option>
                ))}
              </select>
            </label>
          )}{' '}
          <button type="button" onClick={bulkResolve} data-testid="bulk-resolve">
            {t('case.resolve')}
          </button>{' '}
          <input
            dir="auto"
            value={bulkReason}
            onChange={(e) => setBulkReason(e.target.value)}
            placeholder={t('flow.inbox.bulkReason')}
            aria-label={t('flow.inbox.bulkReason')}
            data-testid="bulk-reason"
          />{' '}
          <button
            type="button"
            disabled={bulkReason.trim().length < 3}
            data-testid="bulk-not-engaging"
            onClick={() => {
              bulkLater(t('flow.inbox.bulkNotEngaging', { count: checked.size }), { status: 'not_engaging', reason: bulkReason.trim() });
              setBulkReason('');
            }}
          >
            {t('case.notEngaging')}
          </button>{' '}
          <input
            dir="auto"
            list="inbox-tags"
            value={bulkTag}
            onChange={(e) => setBulkTag(e.target.value)}
            placeholder={t('flow.inbox.bulkTagInput')}
            aria-label={t('flow.inbox.bulkTagInput')}
            title={t('tags.hint')}
            data-testid="bulk-tag"
          />{' '}
          <button
            type="button"
            disabled={!typedTags(bulkTag).length}
            data-testid="bulk-tag-add"
            onClick={() => {
              const tags = typedTags(bulkTag);
              bulkLater(t('flow.inbox.bulkTagging', { count: checked.size, tag: tags.join(', ') }), { add_tags: tags });
              setBulkTag('');
            }}
          >
            {t('flow.inbox.bulkTag')}
          </button>{' '}
          <button
            type="button"
            disabled={!typedTags(bulkTag).length}
            data-testid="bulk-tag-remove"
            onClick={() => {
              const tags = typedTags(bulkTag);
              bulkLater(t('flow.inbox.bulkUntagging', { count: checked.size, tag: tags.join(', ') }), { remove_tags: tags });
              setBulkTag('');
            }}
          >
            {t('flow.inbox.bulkUntag')}
          </button>{' '}
          <button type="button" onClick={() => setChecked(new Set())}>
            {t('flow.inbox.bulkClear')}
          </button>
        </div>
      )}
      {bulkPending && (
        <p className="undo" role="status" data-testid="bulk-undo">
          {bulkPending.label}{' '}
          <button type="button" onClick={bulkUndo}>
            {t('flow.inbox.undo')}
          </button>
        </p>
      )}
      {bulkResolving && (
        <ResolveDialog
          count={items.filter((c) => checked.has(c.id) && c.resolution_needs_reason).length}
          onCancel={() => setBulkResolving(false)}
          onResolve={(code, why) => {
            setBulkResolving(false);
            bulkLater(t('flow.inbox.bulkResolve', { count: checked.size }), { status: 'resolved', reason_code: code, reason: why });
          }}
        />
      )}
      {resolving && (
        <ResolveDialog
          onCancel={() => setResolving(null)}
          onResolve={(code, why) => {
            const c = resolving;
            setResolving(null);
            void act(c, { status: 'resolved', reason_code: code, reason: why });
          }}
        />
      )}
      {rows.length === 0 ? (
        // A search may stop before it has looked at every case (the server walks a few thousand per page): say so.
        <p className="empty" data-testid="inbox-empty">
          {t(
            next
              ? 'inbox.noneYet'
              : // Nothing open and no filter set (a new desk, or all done): say where cases come from, not "No cases match".
                sameFilter(current, { view: 'all', sort })
                ? // Where cases come from is for those who set up channels and tokens; the others are told cases will come.
                  managesBrand
                  ? 'inbox.nothingOpen'
                  : 'inbox.nothingOpenAgent'
                : 'inbox.empty',
          )}
        </p>
      ) : (
        // In a narrow window the table scrolls sideways inside its frame instead of widening the page past the top bar.
        <div className="table-scroll">
          <table className="cases">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label={t('flow.inbox.selectAll')}
                    checked={rows.length > 0 && rows.every((c) => checked.has(c.id))}
                    onChange={(e) => setChecked(e.target.checked ? new Set(rows.map((c) => c.id)) : new Set())}
                    data-testid="select-all"
                  />
                </th>
                <th>{t('inbox.columns.author')}</th>
                <th>{t('inbox.columns.text')}</th>
                <th>{t('inbox.columns.age')}</th>
                <th>{t('inbox.columns.kind')}</th>
                <th>{t('inbox.columns.deadline')}</th>
                <th>{t('inbox.columns.assignee')}</th>
                <th>{t('inbox.columns.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c, i) => (
                <tr
                  key={c.id}
                  className={[i === selected ? 'selected' : '', undoable?.id === c.id || bulkPending?.ids.includes(c.id) ? 'resolving' : '']
                    .join(' ')
                    .trim()}
                  data-case={c.id}
                  aria-selected={i === selected}
                  onClick={() => navigate(`/cases/${c.id}`)}
                >
                  <td className="pick" onClick={(e) => e.stopPropagation()}>
                    <input type="checkbox" aria-label={t('flow.inbox.select')} checked={checked.has(c.id)} onChange={() => toggle(c.id)} />
                  </td>
                  <td className="author">
                    {/* A long name is cut with an ellipsis (the full one in its title), so the table keeps its columns. */}
                    <UserText className="name" text={c.author.name ?? c.author.handle} title={c.author.name ?? c.author.handle} />
                    <ChannelBadge channel={c.channel} connections={connections} />
                  </td>
                  <td className="text">
                    {c.priority !== 'normal' && (
                      <span className={`priority priority-${c.priority}`} data-priority={c.priority}>
                        {t(`flow.priority.${c.priority}`)}
                      </span>
                    )}{' '}
                    <UserText text={c.subject} lang={c.language} />
                    {c.flags.map((f) => (
                      <span key={f} className={`flag flag-${f}`}>
                        {t(`flags.${f}`, { defaultValue: f })}
                      </span>
                    ))}
                    {c.topics.map((tp) => (
                      <span key={tp} className="topic" data-topic={tp}>
                        {t(`topics.${tp}`, { defaultValue: tp })}
                      </span>
                    ))}
                    {c.tags.map((tg) => (
                      <button
                        key={tg}
                        type="button"
                        className="tag-chip"
                        data-tag={tg}
                        dir="auto"
                        title={t('tags.filterBy', { tag: tg })}
                        onClick={(e) => {
                          e.stopPropagation();
                          setTag(tg);
                        }}
                      >
                        {tg}
                      </button>
                    ))}
                  </td>
                  <td className="age" data-testid="age">
                    <time dateTime={c.opened_at} title={formatDateTime(c.opened_at, i18n.language)}>
                      {formatAge(c.opened_at, i18n.language, now)}
                    </time>
                  </td>
                  <td className="col-kind">
                    <span className={`kind kind-${c.kind}`}>{c.kind ? t(`kinds.${c.kind}`) : ''}</span>{' '}
                    <small className={`sentiment-${c.sentiment}`}>
                      {c.sentiment ? t(`sentiments.${c.sentiment}`, { defaultValue: c.sentiment }) : ''}
                    </small>
                  </td>
                  <td className="col-deadline">
                    <DeadlineBadge deadline={c.deadline} cooldownUntil={c.cooldown_until} callBackDueAt={c.call_back_due_at} />
                  </td>
                  <td className="assignee" data-testid="assignment">
                    {c.team && (
                      <>
                        <UserText className="team" text={c.team.name ?? ''} />
                        {' · '}
                      </>
                    )}
                    {c.assignee ? <UserText text={c.assignee.name ?? ''} /> : t('inbox.unassigned')}
                  </td>
                  <td className="col-status">{t(`statuses.${c.status}`, { defaultValue: c.status })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <p className="more">
          <button type="button" onClick={() => void loadMore()} disabled={loadingMore} data-testid="load-more">
            {t('inbox.loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}
