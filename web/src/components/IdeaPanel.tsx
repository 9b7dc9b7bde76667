/**
 * The case's idea in the backlog: put it there, move its status; when it is
 * declined or done, a prompt (once) to tell the customer with a ready draft
 * in the case's language, which opens in the reply editor.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Idea, type Reply } from '../api';
import { UserText } from './common';
import { useAction } from './useAction';

const STATUSES = ['new', 'discussed', 'planned', 'declined', 'done'] as const;

export function IdeaPanel({
  caseId,
  subject,
  isIdea,
  canManage,
  onChanged,
  onOpenDraft,
}: {
  caseId: string;
  subject: string;
  /** The case is an idea (its kind): the form to put it in the backlog stands open; on other cases it is folded. */
  isIdea: boolean;
  /** May mark ideas and move their status (and reply). */
  canManage: boolean;
  /** The case page reloads (its timeline). */
  onChanged: () => void;
  onOpenDraft: (reply: Reply) => void;
}) {
  const { t } = useTranslation();
  const [idea, setIdea] = useState<Idea | null | undefined>(undefined);
  const [summary, setSummary] = useState('');
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [draft, setDraft] = useState<{ outcome: string; text: string } | null>(null);
  const [used, setUsed] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    const r = await api<{ idea: Idea | null }>('GET', `/cases/${caseId}/idea`);
    setIdea(r.idea);
    setStatus(r.idea?.status ?? '');
  }, [caseId]);
  useEffect(() => {
    void load().catch((e: Error) => setError(e.message));
  }, [load]);

  // The ready draft for the outcome the prompt is about, in the case's language.
  const outcome = idea?.tell_customer ?? null;
  useEffect(() => {
    if (!outcome || !canManage) return setDraft(null);
    let live = true;
    api<{ text: string }>('POST', `/cases/${caseId}/draft`, { engine: 'template', idea_outcome: outcome })
      .then((d) => live && setDraft({ outcome, text: d.text }))
      .catch(() => live && setDraft(null));
    return () => {
      live = false;
    };
  }, [caseId, outcome, canManage]);

  // After a change the panel and the case page (its timeline) read it back.
  const reloadAll = useCallback(async () => {
    await load();
    onChanged();
  }, [load, onChanged]);
  const act = useAction(reloadAll, setError);

  if (idea === undefined) return null;
  return (
    <div className="idea" data-testid="idea">
      <h2>{t('idea.title')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!idea ? (
        canManage && (
          <details className="idea-add" open={isIdea} data-testid="idea-add">
            <summary>{t('idea.addSummary')}</summary>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => api('POST', `/cases/${caseId}/idea`, { summary: (summary || subject).trim() }));
              }}
            >
              <textarea
                dir="auto"
                rows={2}
                maxLength={2000}
                aria-label={t('idea.summary')}
                placeholder={subject}
                value={summary}
                onChange={(e) => setSummary(e.target.value)}
              />
              <button type="submit">{t('idea.mark')}</button>
            </form>
          </details>
        )
      ) : (
        <>
          <p>
            <UserText text={idea.summary} /> ·{' '}
            <strong data-testid="idea-status">{t(`idea.statuses.${idea.status}`, { defaultValue: idea.status })}</strong>
          </p>
          {canManage && (
            <div className="idea-status">
              <select aria-label={t('idea.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`idea.statuses.${s}`)}
                  </option>
                ))}
              </select>{' '}
              <input
                dir="auto"
                maxLength={2000}
                aria-label={t('idea.note')}
                placeholder={t('idea.note')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />{' '}
              <button
                type="button"
                disabled={status === idea.status}
                onClick={() =>
                  void act(async () => {
                    await api('PATCH', `/ideas/${idea.id}`, { status, note: note.trim() || null });
                    setNote('');
                  })
                }
              >
                {t('idea.save')}
              </button>
            </div>
          )}
          {outcome && canManage && used !== outcome && (
            <div className="idea-prompt" role="status" data-testid="idea-prompt">
              <p>{t(`idea.prompt.${outcome}`)}</p>
              {draft?.outcome === outcome && (
                <blockquote className="draft" data-testid="idea-draft">
                  <UserText text={draft.text} />
                </blockquote>
              )}
              <button
                type="button"
                className="primary"
                disabled={draft?.outcome !== outcome}
                onClick={() =>
                  void act(async () => {
                    const reply = await api<Reply>('POST', `/cases/${caseId}/replies`, { body: draft!.text });
                    setUsed(outcome);
                    onOpenDraft(reply);
                  })
                }
              >
                {t('idea.prompt.use')}
              </button>{' '}
              <button type="button" onClick={() => void act(() => api('POST', `/ideas/${idea.id}/prompt/dismiss`))}>
                {t('idea.prompt.dismiss')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
