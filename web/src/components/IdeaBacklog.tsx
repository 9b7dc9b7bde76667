/**
 * The brand's idea backlog (the inbox's Ideas view): every idea put there — from an idea case or from any other
 * case (a bug report with a suggestion in it) — with its status and whether the customer has had an answer;
 * each opens its case.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Idea } from '../api';
import { formatDateTime } from '../format';
import { Link } from '../router';
import { UserText } from './common';

export function IdeaBacklog({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const [ideas, setIdeas] = useState<Idea[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    api<{ items: Idea[] }>('GET', `/brands/${brandId}/ideas`)
      .then((r) => live && setIdeas(r.items))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [brandId]);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!ideas) return null;
  return (
    <div className="idea-backlog" data-testid="idea-backlog">
      <h2>{t('idea.title')}</h2>
      {ideas.length === 0 ? (
        <p className="muted">{t('idea.backlogEmpty')}</p>
      ) : (
        <table className="plain">
          <tbody>
            {ideas.map((i) => (
              <tr key={i.id} data-idea={i.id}>
                <td>
                  <Link to={`/cases/${i.case_id}`}>
                    <UserText text={i.summary} />
                  </Link>
                </td>
                <td data-testid="backlog-status">{t(`idea.statuses.${i.status}`, { defaultValue: i.status })}</td>
                <td className="muted">{i.customer_answered_at ? t('idea.answered') : t('idea.notAnswered')}</td>
                <td className="muted">{formatDateTime(i.created_at, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
