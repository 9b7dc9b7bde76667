import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERMISSIONS } from '../../../src/domain/access/permissions.js';
import { api, type Colleague, type Reply } from '../api';
import { UserText } from './common';
import { atViewerTime, untilParts } from './when';

/** Copies a reply's text for posting it by hand on the channel; says so for a moment. */
function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      data-testid="copy-reply"
      onClick={() =>
        void navigator.clipboard
          ?.writeText(text)
          .then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          })
          .catch(() => undefined)
      }
    >
      {copied ? t('flow.copied') : t('flow.copy')}
    </button>
  );
}

const MAY_APPROVE: readonly string[] = PERMISSIONS['reply.approve'];

/**
 * Who may approve a reply awaiting approval: the brand's named reviewers (Settings → Routing), else every
 * colleague whose role may approve; never its author. Empty until known.
 */
function useApprovers(brandId: string, needed: boolean): { names: (authorId: string) => string[] } {
  const [people, setPeople] = useState<{ colleagues: Colleague[]; named: string[] } | null>(null);
  useEffect(() => {
    if (!needed || !brandId) return;
    let live = true;
    void Promise.all([
      api<{ items: Colleague[] }>('GET', `/brands/${brandId}/colleagues`),
      api<{ routing?: { review?: { reviewerIds?: string[] } } }>('GET', `/brands/${brandId}/settings`).catch(() => ({ routing: undefined })),
    ])
      .then(([c, s]) => live && setPeople({ colleagues: c.items, named: s.routing?.review?.reviewerIds ?? [] }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [brandId, needed]);
  return {
    names: (authorId) => {
      if (!people) return [];
      const named = new Set(people.named);
      return people.colleagues.filter((c) => c.id !== authorId && (named.size ? named.has(c.id) : MAY_APPROVE.includes(c.role))).map((c) => c.name);
    },
  };
}

/**
 * A case's replies that are not out yet: saved drafts (and replies a reviewer
 * sent back) to reopen, replies held for the cool-down (when they go out, in
 * the viewer's time, with Cancel and Edit), replies awaiting approval, and
 * replies ready for the responder to post by hand.
 */
export function ReplyQueue({
  brandId,
  replies,
  meId,
  manual,
  sendBackNote,
  onOpen,
  run,
}: {
  brandId: string;
  replies: Reply[];
  meId: string;
  /** The channel is answered by hand: a held reply becomes ready to post, it does not send itself. */
  manual: boolean;
  sendBackNote: string;
  onOpen: (r: Reply) => void;
  run: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const h = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(h);
  }, []);
  const drafts = replies.filter((r) => r.status === 'draft' || r.status === 'rejected');
  const held = replies.filter((r) => r.status === 'scheduled');
  const waiting = replies.filter((r) => r.status === 'pending_approval' || r.status === 'ready');
  const approvers = useApprovers(
    brandId,
    waiting.some((r) => r.status === 'pending_approval'),
  );
  if (!drafts.length && !held.length && !waiting.length) return null;
  return (
    <div className="reply-queue">
      {held.map((r) => {
        const left = untilParts(r.send_at ?? now, now);
        return (
          <div key={r.id} className="pending held" data-testid="held-reply">
            <UserText text={r.body} />
            <p className="when" data-testid="held-when">
              {t(manual ? 'flow.held.readyAt' : 'flow.held.sendsAt', {
                time: atViewerTime(r.send_at ?? now, i18n.language, now),
                in: left.hours
                  ? t('flow.held.in', { hours: left.hours, minutes: left.minutes })
                  : t('flow.held.inMinutes', { minutes: left.minutes }),
              })}
            </p>
            <button type="button" onClick={() => void run(() => api('POST', `/replies/${r.id}/cancel`))}>
              {t('flow.held.cancel')}
            </button>{' '}
            <button
              type="button"
              onClick={() =>
                void run(async () => {
                  const back = await api<Reply>('POST', `/replies/${r.id}/cancel`);
                  onOpen(back);
                })
              }
            >
              {t('flow.held.edit')}
            </button>
          </div>
        );
      })}
      {waiting.map((r) => (
        <div key={r.id} className={`pending reply-${r.visibility}`} data-testid={`waiting-${r.visibility}`}>
          {r.visibility === 'private' && <span className="badge private">{t('goPrivate.privateBadge')}</span>} <UserText text={r.body} />{' '}
          <small>{t(`flow.replyStatus.${r.status}`)}</small>
          {r.status === 'pending_approval' && (
            <p className="muted" data-testid="approvers">
              {approvers.names(r.author_id).length
                ? t('flow.approval.who', { names: approvers.names(r.author_id).join(t('case.listSeparator')) })
                : t('flow.approval.nobody')}
            </p>
          )}
          {r.status === 'pending_approval' && r.author_id !== meId && (
            <>
              <button type="button" onClick={() => void run(() => api('POST', `/replies/${r.id}/approve`, {}))}>
                {t('case.approve')}
              </button>
              <button type="button" onClick={() => void run(() => api('POST', `/replies/${r.id}/reject`, { note: sendBackNote || 'Please revise' }))}>
                {t('case.sendBack')}
              </button>
            </>
          )}
          {r.status === 'ready' && (
            <>
              <CopyButton text={r.body} />
              <button type="button" onClick={() => void run(() => api('POST', `/replies/${r.id}/posted`, {}))}>
                {r.visibility === 'private' ? t('goPrivate.sentPrivately') : t('case.posted')}
              </button>
            </>
          )}
        </div>
      ))}
      {drafts.length > 0 && (
        <div className="drafts" data-testid="drafts">
          <h3>{t('flow.drafts.title')}</h3>
          <ul>
            {drafts.map((r) => (
              <li key={r.id} className={`draft reply-${r.status}`}>
                <UserText text={r.body} />{' '}
                <small>
                  {t(`flow.replyStatus.${r.status}`)} · {atViewerTime(r.created_at, i18n.language, now)}
                  {r.status === 'rejected' && r.approval?.note ? ` · ${r.approval.note}` : ''}
                </small>{' '}
                <button type="button" onClick={() => onOpen(r)}>
                  {t('flow.drafts.open')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
