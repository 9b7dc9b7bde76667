import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../components/useAction';
import { TROLL_POLICY_REASON } from '../../../src/domain/reaction/kind-policy.js';
import { api, type Campaign, type CaseItem, type Me, type Playbook, type Reply, type Task, type TimelineItem } from '../api';
import { AskSpecialist } from '../components/AskSpecialist';
import { CaseAssignment } from '../components/CaseAssignment';
import { CaseTags } from '../components/CaseTags';
import { CaseTasks } from '../components/CaseTasks';
import { IdeaPanel } from '../components/IdeaPanel';
import { PlaybookSwitch } from '../components/PlaybookSwitch';
import { GoPrivate } from '../components/GoPrivate';
import { ClampedText, DeadlineBadge, SafeLink, UserText } from '../components/common';
import { AuthorPanel } from '../components/AuthorPanel';
import { ReplyEditor } from '../components/ReplyEditor';
import { WhyList } from '../components/WhyList';
import { formatDateTime, formatHours } from '../format';
import { uiLanguage } from '../i18n';
import { ReplyQueue } from '../components/ReplyQueue';
import { ResolveDialog } from '../components/ResolveDialog';
import { lastInbox, Link } from '../router';
import { can } from '../permissions';

export function CasePage({ id, me }: { id: string; me: Me }) {
  const { t, i18n } = useTranslation();
  const [c, setCase] = useState<CaseItem | null>(null);
  const [timeline, setTimeline] = useState<TimelineItem[]>([]);
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [dismissWhy, setDismissWhy] = useState('');
  const [correction, setCorrection] = useState('');
  const [fixRef, setFixRef] = useState('');
  const [corrected, setCorrected] = useState(false);
  const [snoozeHours, setSnoozeHours] = useState(4);
  const [rightKind, setRightKind] = useState('');
  const correctRef = useRef<HTMLSelectElement>(null);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [replies, setReplies] = useState<Reply[]>([]);
  const [opened, setOpened] = useState<Reply | null>(null);
  const [resolving, setResolving] = useState(false);
  const [tasks, setTasks] = useState<Task[]>([]);

  const load = useCallback(async () => {
    const [cc, tl, pb, rp, tk] = await Promise.all([
      api<CaseItem>('GET', `/cases/${id}`),
      api<{ items: TimelineItem[] }>('GET', `/cases/${id}/timeline`),
      api<Playbook>('GET', `/cases/${id}/playbook`),
      api<{ items: Reply[] }>('GET', `/cases/${id}/replies`),
      api<{ items: Task[] }>('GET', `/cases/${id}/tasks`),
    ]);
    setCase(cc);
    setTasks(tk.items);
    setTimeline(tl.items);
    setPlaybook(pb);
    setReplies(rp.items);
    if (cc.flags.includes('campaign')) setCampaigns((await api<{ items: Campaign[] }>('GET', `/cases/${id}/campaigns`)).items);
  }, [id]);

  useEffect(() => {
    void load().catch((e: Error) => setError(e.message));
  }, [load]);

  const run = useAction(load, setError);
  // A case action's refusal is said next to the button that caused it, not at the top of the page.
  const [actionError, setActionError] = useState<{ at: string; message: string } | null>(null);
  const act = useCallback(
    async (at: string, fn: () => Promise<unknown>) => {
      setActionError(null);
      setError('');
      try {
        await fn();
        await load();
      } catch (e) {
        setActionError({ at, message: (e as Error).message });
      }
    },
    [load],
  );

  if (!c) return <p className="loading">{error || t('app.loading')}</p>;
  // The server's refusals to resolve, said in the desk's language with the way on.
  const said = (message: string) =>
    message.startsWith('the customer has not had an answer about their idea')
      ? t('idea.resolveBlocked')
      : message.startsWith('the follow-up check')
        ? t('case.followUpBlocksResolve')
        : message;
  const actionErrorAt = (at: string) =>
    actionError?.at === at ? (
      <p className="error action-error" role="alert" data-testid="action-error" data-action={at}>
        {said(actionError.message)}
      </p>
    ) : null;
  const first = timeline.find((e) => e.mention)?.mention;
  const cls = first?.classification;
  const uiLang = uiLanguage(i18n.language);
  // A correction says what changed; "Confirm kind" stores one equal to the model's label, which is no correction.
  const reclassified = (data: Record<string, unknown>) => {
    const kindOf = (v: unknown) => text((v as { kind?: unknown } | undefined)?.kind);
    const from = kindOf(data.from);
    const to = kindOf(data.to);
    if (from && to && from !== to) return t('events.reclassified_change', { from: t(`kinds.${from}`), to: t(`kinds.${to}`) });
    if (to && to === from) return t('events.reclassified_same', { kind: t(`kinds.${to}`) });
    return t('events.reclassified');
  };
  const stepTitle = (key: string) => {
    const s = playbook?.steps.find((x) => x.key === key);
    return s ? (s.title[uiLang] ?? s.title.en ?? key) : key;
  };
  const status = (v: unknown) => t(`statuses.${String(v)}`, { defaultValue: String(v) });
  const playbookName = (k: unknown) => (typeof k === 'string' && k ? t([`situations.${k}`, `flow.playbooks.${k}`], { defaultValue: k }) : '—');
  const current = playbook?.steps.find((s) => s.key === playbook.currentStep);
  // Why the desk acted (or did not act) on the kind by itself: the latest such event.
  const latest = (type: string) => [...timeline].reverse().find((e) => e.type === type);
  const review = c.flags.includes('needs_review') ? latest('review_needed') : undefined;
  const silenced =
    c.status === 'not_engaging' ? [...timeline].reverse().find((e) => e.type === 'automatic_action' && e.data.action === 'not_engaging') : undefined;
  // A person's correction of the first mention (the latest): the panel shows the labels they set, not the classifier's.
  const correctedBy = [...timeline]
    .reverse()
    .find((e) => e.type === 'reclassified' && e.actor.type === 'user' && first && e.data.mention_id === first.id);
  const fixed = (correctedBy?.data.to ?? {}) as { kind?: unknown; sentiment?: unknown; situation?: unknown };
  const shownKind = (typeof fixed.kind === 'string' && fixed.kind) || cls?.kind;
  const shownSentiment = (typeof fixed.sentiment === 'string' && fixed.sentiment) || cls?.sentiment;
  const shownSituation = (typeof fixed.situation === 'string' && fixed.situation) || cls?.situation;
  const num = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—');
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  // The evidence bundle (black PR, threats) and switching the playbook: for the brand's managers and admins, as the server allows.
  const myRole = me.brands.find((b) => b.id === c.brand_id)?.role ?? '';
  const managesBrand = ['admin', 'manager'].includes(myRole);
  const canExportEvidence = managesBrand;
  const canSwitchPlaybook = managesBrand;
  // Marking ideas, moving their status and telling the customer: whoever may reply (not specialists).
  const canWorkIdeas = ['admin', 'manager', 'reviewer', 'responder'].includes(myRole);
  // What the role may do here (the server refuses the rest): a specialist reads, adds notes and answers when asked.
  const mayReply = can(me, c.brand_id, 'reply.write');
  const mayUpdate = can(me, c.brand_id, 'case.update');
  const roleName = t(`people.roles.${myRole}`, { defaultValue: myRole });
  // A promised call keeps the case open: the resolve dialog says so instead of resolving.
  const openCallBacks = tasks.filter((x) => x.kind === 'call_back' && !x.done_at).length;

  return (
    <section className="case">
      <Link to={`/${lastInbox.search}`} data-testid="back-to-inbox">
        {t('case.back')}
      </Link>
      <h1>
        <UserText text={c.author.name ?? c.author.handle} /> <small>{c.channel}</small>
      </h1>
      <p className="case-author">
        <span className="handle" data-testid="case-handle" dir="auto">
          {c.author.handle.startsWith('@') ? c.author.handle : `@${c.author.handle}`}
        </span>
        {first?.link && (
          <>
            {' · '}
            <SafeLink href={first.link} label={t('case.originalPost')} testId="original-post" />
          </>
        )}
      </p>
      <div className="case-head">
        <span className="status" data-testid="case-status">
          {status(c.status)}
        </span>
        {c.status_reason && (
          <span className="muted">
            {' '}
            — {/* The troll policy's own reason is the desk's words, said in the UI language; people's reasons stay as typed. */}
            {c.status_reason === TROLL_POLICY_REASON ? (
              t('case.trollPolicyReason')
            ) : c.snoozed_until && c.status_reason === `snoozed until ${c.snoozed_until}` ? (
              // The server's own line for a snooze carries the moment as ISO: said in the UI language and the viewer's time.
              t('case.snoozedUntil', { time: formatDateTime(c.snoozed_until, i18n.language) })
            ) : (
              <UserText text={c.status_reason} />
            )}
          </span>
        )}
        <DeadlineBadge deadline={c.deadline} cooldownUntil={c.cooldown_until} callBackDueAt={c.call_back_due_at} />
        {c.priority !== 'normal' && (
          <span className={`priority priority-${c.priority}`} data-testid="priority">
            {t(`flow.priority.${c.priority}`)}
          </span>
        )}
        {c.flags.map((f) => (
          <span key={f} className={`flag flag-${f}`}>
            {t(`flags.${f}`, { defaultValue: f })}
          </span>
        ))}
        {mayUpdate && <CaseAssignment c={c} me={me} run={run} />}
      </div>
      {/* Who may change the case may tag it (not specialists). */}
      <CaseTags c={c} canEdit={canWorkIdeas} run={run} />
      {error && (
        <p className="error" role="alert" data-testid="case-error">
          {said(error)}
        </p>
      )}
      {mayUpdate && c.flags.includes('needs_review') && (
        <div className="review-note" data-testid="needs-review">
          <p>
            {t('case.review.why', {
              kind: t(`kinds.${text(review?.data.kind) || (c.kind ?? '')}`),
              confidence: num(review?.data.confidence),
              threshold: num(review?.data.threshold),
            })}
          </p>
          <button
            type="button"
            className="primary"
            disabled={!first}
            onClick={() => run(() => api('POST', `/mentions/${first!.id}/correction`, { kind: text(review?.data.kind) || cls?.kind || c.kind }))}
          >
            {t('case.review.confirm')}
          </button>{' '}
          <button type="button" onClick={() => correctRef.current?.focus()}>
            {t('case.review.correct')}
          </button>
        </div>
      )}
      {mayUpdate && silenced && (
        <div className="silenced-note" data-testid="silenced">
          <p>
            {t('case.silenced.why', {
              kind: t(`kinds.${String(silenced.data.kind)}`),
              confidence: num(silenced.data.confidence),
              threshold: num(silenced.data.threshold),
            })}
          </p>
          <label>
            {t('case.silenced.rightKind')}{' '}
            <select aria-label={t('case.silenced.rightKind')} value={rightKind} onChange={(e) => setRightKind(e.target.value)}>
              <option value="">—</option>
              {['constructive', 'impulsive', 'black_pr', 'question', 'praise', 'idea', 'neutral'].map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>{' '}
          <button
            type="button"
            className="primary"
            onClick={() =>
              run(async () => {
                await api('POST', `/cases/${c.id}/bring-back`, rightKind ? { kind: rightKind } : {});
                setRightKind('');
              })
            }
          >
            {t('case.silenced.bringBack')}
          </button>
        </div>
      )}
      {campaigns.map((k) => (
        <p key={k.id} className="campaign-note" data-testid="campaign">
          {t('case.campaign', { size: k.size, authors: k.authors })}
        </p>
      ))}
      <div className="case-grid">
        <div className="left">
          <h2>{t('case.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {timeline.map((e) => (
              <li key={e.id} className={`event event-${e.type}`}>
                <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>{' '}
                <span className="what">
                  {e.type === 'status_changed'
                    ? t('events.status_changed', { from: status(e.data.from), to: status(e.data.to) })
                    : e.type === 'step_done'
                      ? t('events.step_done', { step: stepTitle(String(e.data.step)) })
                      : e.type === 'playbook_switched'
                        ? t('events.playbook_switched', { from: playbookName(e.data.from), to: playbookName(e.data.to) })
                        : e.type === 'reclassified'
                          ? reclassified(e.data)
                          : e.type === 'review_done' && text(e.data.decided)
                            ? t('events.review_done_decided', { status: status(e.data.decided) })
                            : e.type === 'checker_overridden'
                              ? // The rules by their names in the UI language; the reason as typed (text), isolated in its own direction.
                                t('events.checker_overridden', {
                                  rules: (Array.isArray(e.data.rules) ? e.data.rules : [])
                                    .map((r) => t(`checker.rules.${String(r)}.name`, { defaultValue: String(r) }))
                                    .join(t('case.listSeparator')),
                                  reason: `\u2068${text(e.data.reason)}\u2069`,
                                })
                              : e.type === 'second_opinion'
                                ? t('events.second_opinion', {
                                    from: t(`kinds.${String((e.data.from as { kind?: string } | undefined)?.kind)}`),
                                    to: t(`kinds.${String((e.data.to as { kind?: string } | undefined)?.kind)}`),
                                  })
                                : t(`events.${e.type}`, {
                                    defaultValue: e.type.replace(/_/g, ' '),
                                    type: e.type,
                                    kind: text(e.data.kind) ? t(`kinds.${text(e.data.kind)}`) : '',
                                    confidence: num(e.data.confidence),
                                    threshold: num(e.data.threshold),
                                    context:
                                      (e.type === 'specialist_asked' && text(e.data.specialist_name)) ||
                                      (e.type === 'flagged' && Array.isArray(e.data.flags) && e.data.flags.length)
                                        ? 'named'
                                        : e.type === 'assigned' || e.type === 'team_assigned'
                                          ? text(e.data.to_name)
                                            ? 'named'
                                            : e.data.to === null
                                              ? 'none'
                                              : undefined
                                          : undefined,
                                    name: text(e.data.specialist_name) || text(e.data.to_name),
                                    flags: Array.isArray(e.data.flags)
                                      ? e.data.flags.map((f) => t(`flags.${String(f)}`, { defaultValue: String(f) })).join(', ')
                                      : '',
                                    // Tagged / tag removed: the tags as typed (text, never HTML), each isolated in its own
                                    // direction (U+2068…U+2069), so an Arabic sentence does not turn a Latin tag's brackets round.
                                    tags: Array.isArray(e.data.tags) ? e.data.tags.map((tg) => `\u2068${String(tg)}\u2069`).join(', ') : '',
                                  })}
                </span>
                {e.mention && (
                  <blockquote className="mention">
                    <ClampedText text={e.mention.text} lang={e.mention.classification?.language} />
                    {/* When the customer posted it, if not when it came in (an import, a feed's backlog, a late sync). */}
                    {Math.abs(Date.parse(e.mention.created_at) - Date.parse(e.at)) >= 60_000 && (
                      <small className="posted" data-testid="posted-at">
                        {' '}
                        {t('case.postedAt', { time: formatDateTime(e.mention.created_at, i18n.language) })}
                      </small>
                    )}
                    {e.mention.link && (
                      <div>
                        <SafeLink href={e.mention.link} />
                      </div>
                    )}
                  </blockquote>
                )}
                {e.reply && (
                  <blockquote className={`reply reply-${e.reply.status} reply-${e.reply.visibility}`}>
                    {e.reply.visibility === 'private' && <span className="badge private">{t('goPrivate.privateBadge')}</span>}{' '}
                    <UserText text={e.reply.body} /> <small>{t(`replyStatuses.${e.reply.status}`, { defaultValue: e.reply.status })}</small>
                    {e.reply.delivery?.link && (
                      <div>
                        <SafeLink href={e.reply.delivery.link} label={t('case.openPublished')} testId="published-reply" />
                      </div>
                    )}
                  </blockquote>
                )}
                {e.note && (
                  <blockquote className="note">
                    <UserText text={e.note.body} />
                  </blockquote>
                )}
              </li>
            ))}
          </ol>
          <CaseTasks tasks={tasks} run={run} />
          <h2>{t('case.reply')}</h2>
          {!mayReply && (
            <p className="muted role-limit" data-testid="no-reply">
              {t('access.noReply', { role: roleName })}
            </p>
          )}
          {mayReply && (
            <>
              <ReplyEditor
                caseId={c.id}
                lang={c.language}
                channel={c.channel}
                delivery={c.delivery}
                opened={opened}
                onSent={() => {
                  setOpened(null);
                  void load();
                }}
              />
              {/* Going private is for public threads: an e-mail or a direct message is private already. */}
              {c.public && (
                <GoPrivate
                  caseId={c.id}
                  isPublic={c.public}
                  privateByHand={c.private_delivery === 'manual'}
                  channel={c.channel}
                  meId={me.user.id}
                  onDone={() => void load()}
                />
              )}
              <ReplyQueue
                brandId={c.brand_id}
                replies={replies}
                meId={me.user.id}
                manual={c.delivery === 'manual'}
                sendBackNote={reason}
                onOpen={setOpened}
                run={run}
              />
            </>
          )}
          <h2>{t('case.note')}</h2>
          <div className="note-form">
            <textarea dir="auto" value={note} onChange={(e) => setNote(e.target.value)} rows={2} aria-label={t('case.note')} />
            <button
              type="button"
              disabled={!note.trim()}
              onClick={() =>
                run(async () => {
                  await api('POST', `/cases/${c.id}/notes`, { body: note });
                  setNote('');
                })
              }
            >
              {t('case.addNote')}
            </button>
          </div>
          <AskSpecialist caseId={c.id} brandId={c.brand_id} meId={me.user.id} run={run} />
        </div>
        <aside className="right">
          {/* The case's actions first in the column (issue 16): on a long case they were below the idea panel, off-screen. */}
          <section className="case-actions-block" aria-labelledby="case-actions-title" data-testid="case-actions">
            <h2 id="case-actions-title">{t('case.actionsTitle')}</h2>
            {!mayUpdate && (
              <p className="muted role-limit" data-testid="no-case-changes">
                {t('access.noCaseChanges', { role: roleName })}
              </p>
            )}
            {mayUpdate && (
              <>
                <div className="case-actions">
                  <button type="button" onClick={() => act('assign', () => api('PATCH', `/cases/${c.id}`, { assignee_id: me.user.id }))}>
                    {t('case.assignMe')}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      c.resolution_needs_reason || openCallBacks
                        ? setResolving(true)
                        : void act('resolve', () => api('PATCH', `/cases/${c.id}`, { status: 'resolved' }))
                    }
                  >
                    {t('case.resolve')}
                  </button>
                </div>
                {actionErrorAt('assign')}
                {actionErrorAt('resolve')}
                {resolving && (
                  <ResolveDialog
                    blockedBy={openCallBacks ? t('tasks.blocksResolve', { count: openCallBacks }) : undefined}
                    onCancel={() => setResolving(false)}
                    onResolve={(code, why) => {
                      setResolving(false);
                      void act('resolve', () => api('PATCH', `/cases/${c.id}`, { status: 'resolved', reason_code: code, reason: why }));
                    }}
                  />
                )}
                {c.follow_up && (c.follow_up.state === 'scheduled' || c.follow_up.state === 'due') && (
                  <>
                    <div className="case-actions follow-up-actions" data-testid="follow-up-actions">
                      <span>
                        {t('case.followUp')}: {t(`followUpStates.${c.follow_up.state}`, { defaultValue: c.follow_up.state })}
                      </span>
                      <button type="button" onClick={() => act('follow-up', () => api('POST', `/cases/${c.id}/follow-up`, { outcome: 'solved' }))}>
                        {t('case.solved')}
                      </button>
                      <button
                        type="button"
                        onClick={() => act('follow-up', () => api('POST', `/cases/${c.id}/follow-up`, { outcome: 'not_solved' }))}
                      >
                        {t('case.notSolved')}
                      </button>
                    </div>
                    {/* The server refuses to resolve a case with the check pending unless it is answered or dismissed (with a reason). */}
                    <div className="case-actions">
                      <input
                        aria-label={t('case.dismissFollowUpWhy')}
                        placeholder={t('case.dismissFollowUpWhy')}
                        value={dismissWhy}
                        onChange={(e) => setDismissWhy(e.target.value)}
                      />
                      <button
                        type="button"
                        disabled={!dismissWhy.trim()}
                        onClick={() =>
                          void act('follow-up', async () => {
                            await api('POST', `/cases/${c.id}/follow-up`, { outcome: 'dismissed', reason: dismissWhy.trim() });
                            setDismissWhy('');
                          })
                        }
                      >
                        {t('case.dismissFollowUp')}
                      </button>
                    </div>
                    {actionErrorAt('follow-up')}
                  </>
                )}
                <div className="case-actions">
                  <select aria-label={t('case.snooze')} value={snoozeHours} onChange={(e) => setSnoozeHours(Number(e.target.value))}>
                    {[1, 4, 24, 72].map((h) => (
                      <option key={h} value={h}>
                        {formatHours(h, i18n.language)}
                      </option>
                    ))}
                  </select>
                  <button type="button" onClick={() => act('snooze', () => api('POST', `/cases/${c.id}/snooze`, { hours: snoozeHours }))}>
                    {t('case.snooze')}
                  </button>
                  {c.snoozed_until && (
                    <span className="muted">{t('case.snoozedUntil', { time: formatDateTime(c.snoozed_until, i18n.language) })}</span>
                  )}
                </div>
                {actionErrorAt('snooze')}
                <div className="case-actions">
                  <label>
                    {t('case.reason')}
                    <input value={reason} placeholder={t('case.notEngagingNeedsReason')} onChange={(e) => setReason(e.target.value)} />
                  </label>
                  {/* The server refuses "not engaging" without a reason: the button waits for one. */}
                  <button
                    type="button"
                    disabled={!reason.trim()}
                    title={reason.trim() ? undefined : t('case.notEngagingNeedsReason')}
                    onClick={() => act('not-engaging', () => api('PATCH', `/cases/${c.id}`, { status: 'not_engaging', reason }))}
                  >
                    {t('case.notEngaging')}
                  </button>
                </div>
                {actionErrorAt('not-engaging')}
              </>
            )}
            {canExportEvidence && (
              <div className="case-actions">
                <span className="evidence" title={t('case.evidenceHint')}>
                  {t('case.exportEvidence')}:{' '}
                  <a href={`/api/v1/cases/${encodeURIComponent(c.id)}/evidence?format=pdf`} download>
                    PDF
                  </a>{' '}
                  <a href={`/api/v1/cases/${encodeURIComponent(c.id)}/evidence`} download>
                    JSON
                  </a>
                </span>
              </div>
            )}
            {c.fix && (
              <div className="case-actions">
                <span data-testid="case-fix">
                  {t('case.fix')}: <SafeLink href={c.fix.ref} />{' '}
                  {!c.fix.shipped_at && canWorkIdeas && (
                    <button type="button" onClick={() => act('fix', () => api('POST', `/cases/${c.id}/fix/shipped`))}>
                      {t('case.fixShipped')}
                    </button>
                  )}
                </span>
              </div>
            )}
            {canWorkIdeas && !c.fix?.shipped_at && (
              <form
                className="link-fix case-actions"
                data-testid="link-fix"
                onSubmit={(e) => {
                  e.preventDefault();
                  const ref = fixRef.trim();
                  if (!ref) return;
                  // Cleared once linked; a refusal (the server's message) keeps what was typed.
                  void act('fix', async () => {
                    await api('PUT', `/cases/${c.id}/fix`, { ref });
                    setFixRef('');
                  });
                }}
              >
                <label>
                  {c.fix ? t('case.fixChange') : t('case.fixLink')}{' '}
                  <input
                    value={fixRef}
                    maxLength={500}
                    dir="auto"
                    placeholder={t('case.fixPlaceholder')}
                    onChange={(e) => setFixRef(e.target.value)}
                  />
                </label>{' '}
                <button type="submit" disabled={!fixRef.trim()}>
                  {t('case.fixSave')}
                </button>
              </form>
            )}
            {actionErrorAt('fix')}
          </section>
          <AuthorPanel caseId={c.id} />
          <h2>{t('case.classification')}</h2>
          {cls && (
            <dl className="classification" data-testid="classification">
              <dt>{t('case.fields.kind')}</dt>
              <dd className={`kind kind-${shownKind}`} data-testid="classification-kind">
                {t(`kinds.${shownKind}`)}
                {shownKind !== cls.kind && (
                  <small className="muted corrected-by" data-testid="corrected-by">
                    {' '}
                    {t('case.correctedByPerson', { kind: t(`kinds.${cls.kind}`) })}
                  </small>
                )}
              </dd>
              <dt>{t('case.fields.sentiment')}</dt>
              <dd>{t(`sentiments.${shownSentiment}`, { defaultValue: shownSentiment })}</dd>
              <dt>{t('case.fields.situation')}</dt>
              <dd>{t(`situations.${shownSituation}`, { defaultValue: shownSituation })}</dd>
              <dt>{t('case.fields.language')}</dt>
              <dd>{t(`languages.${cls.language}`, { defaultValue: cls.language })}</dd>
              <dt>{t('case.fields.topics')}</dt>
              <dd>{cls.topics.map((x) => t(`topics.${x}`, { defaultValue: x })).join(t('case.listSeparator')) || '—'}</dd>
              <dt>{t('case.fields.signals')}</dt>
              <dd>{cls.signals.map((x) => t(`signals.${x}`, { defaultValue: x })).join(t('case.listSeparator')) || '—'}</dd>
              <dt>{t('case.reasons')}</dt>
              <dd>
                <WhyList cls={cls} />
              </dd>
              {cls.second_opinion && (
                <>
                  <dt>{t('case.secondOpinion')}</dt>
                  <dd data-testid="second-opinion">
                    {t('case.secondOpinionChange', {
                      from: t(`kinds.${cls.second_opinion.from.kind ?? 'neutral'}`),
                      to: t(`kinds.${cls.second_opinion.kind}`),
                    })}
                    {cls.second_opinion.changed && !cls.second_opinion.applied && <small> ({t('case.secondOpinionNotApplied')})</small>}
                    <ul>
                      {cls.second_opinion.reasons.map((r, i) => (
                        <li key={i} dir="auto" data-api-text="">
                          {r}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
            </dl>
          )}
          {mayUpdate && first && (
            <div className="correct">
              <label>
                {t('case.correct')}{' '}
                <select
                  ref={correctRef}
                  aria-label={t('case.correct')}
                  value={correction}
                  onChange={(e) => {
                    setCorrection(e.target.value);
                    setCorrected(false);
                  }}
                >
                  <option value="">—</option>
                  {['constructive', 'impulsive', 'trolling', 'black_pr', 'question', 'praise', 'idea', 'neutral'].map((k) => (
                    <option key={k} value={k}>
                      {t(`kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                disabled={!correction}
                onClick={() =>
                  run(async () => {
                    await api('POST', `/mentions/${first.id}/correction`, { kind: correction });
                    setCorrected(true);
                  })
                }
              >
                {t('case.apply')}
              </button>
              {corrected && <span className="ok"> {t('case.corrected')}</span>}
            </div>
          )}
          <h2>{t('case.playbook')}</h2>
          {playbook && (
            <div className="playbook" data-testid="playbook">
              <p>
                <strong data-situation={playbook.situation}>{playbookName(playbook.situation)}</strong>
              </p>
              {current && (
                <div className="current-step">
                  <p>
                    {t('case.currentStep')}: <strong data-testid="current-step">{current.title[uiLang] ?? current.title.en}</strong>
                  </p>
                  <p className="muted">{current.guidance[uiLang] ?? current.guidance.en}</p>
                  {mayUpdate && (
                    <button type="button" onClick={() => run(() => api('POST', `/cases/${c.id}/playbook/steps/${current.key}`))}>
                      {t('case.markDone')}
                    </button>
                  )}
                </div>
              )}
              {canSwitchPlaybook && <PlaybookSwitch caseId={c.id} brandId={c.brand_id} current={playbook.situation} name={playbookName} run={run} />}
              <ol>
                {playbook.steps.map((s) => (
                  <li key={s.key} className={s.done ? 'done' : s.key === playbook.currentStep ? 'current' : ''}>
                    {s.title[uiLang] ?? s.title.en}
                  </li>
                ))}
              </ol>
            </div>
          )}
          <IdeaPanel
            caseId={c.id}
            subject={c.subject}
            isIdea={c.kind === 'idea'}
            canManage={canWorkIdeas}
            onChanged={() => void load().catch((e: Error) => setError(e.message))}
            onOpenDraft={setOpened}
          />
        </aside>
      </div>
    </section>
  );
}
