import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Reply } from '../api';
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

/**
 * A case's replies that are not out yet: saved drafts (and replies a reviewer
 * sent back) to reopen, replies held for the cool-down (when they go out, in
 * the viewer's time, with Cancel and Edit), replies awaiting approval, and
 * replies ready for the responder to post by hand.
 */
export function ReplyQueue({
  replies,
  meId,
  manual,
  sendBackNote,
  onOpen,
  run,
}: {
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
