/**
 * Asking a colleague inside the case (issue 16): pick whom (the brand's
 * specialists first, then the others; never yourself), write the question;
 * it becomes an internal note naming them and they are notified.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Colleague } from '../api';
import { Link } from '../router';

export function AskSpecialist({
  caseId,
  brandId,
  meId,
  run,
}: {
  caseId: string;
  brandId: string;
  meId: string;
  run: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [colleagues, setColleagues] = useState<Colleague[] | null>(null);
  const [who, setWho] = useState('');
  const [question, setQuestion] = useState('');
  useEffect(() => {
    let live = true;
    api<{ items: Colleague[] }>('GET', `/brands/${brandId}/colleagues`)
      .then((r) => live && setColleagues(r.items.filter((c) => c.id !== meId)))
      .catch(() => live && setColleagues([]));
    return () => {
      live = false;
    };
  }, [brandId, meId]);
  if (!colleagues) return null;
  // Nobody to ask yet: say so, and where colleagues come from, rather than leave the block out unexplained.
  if (!colleagues.length)
    return (
      <div className="ask-specialist" data-testid="ask-specialist">
        <h2>{t('case.ask.title')}</h2>
        <p className="muted" data-testid="ask-nobody">
          {t('case.ask.nobody')} <Link to="/settings/people">{t('case.ask.invite')}</Link>
        </p>
      </div>
    );
  const specialists = colleagues.filter((c) => c.role === 'specialist');
  const others = colleagues.filter((c) => c.role !== 'specialist');
  // Name, then role and teams: the teams say what someone knows about.
  const label = (c: Colleague) => `${c.name} (${[t(`roles.${c.role}`), ...c.teams.map((x) => x.name)].join(t('case.listSeparator'))})`;
  const options = (list: Colleague[]) =>
    list.map((c) => (
      <option key={c.id} value={c.id}>
        {label(c)}
      </option>
    ));
  return (
    <div className="ask-specialist" data-testid="ask-specialist">
      <h2>{t('case.ask.title')}</h2>
      <label>
        {t('case.ask.who')}{' '}
        <select aria-label={t('case.ask.who')} value={who} onChange={(e) => setWho(e.target.value)}>
          <option value="">—</option>
          {specialists.length > 0 && <optgroup label={t('case.ask.specialists')}>{options(specialists)}</optgroup>}
          {others.length > 0 && <optgroup label={t('case.ask.others')}>{options(others)}</optgroup>}
        </select>
      </label>
      <div className="note-form">
        <textarea
          dir="auto"
          value={question}
          maxLength={5000}
          onChange={(e) => setQuestion(e.target.value)}
          rows={2}
          aria-label={t('case.ask.question')}
          placeholder={t('case.ask.question')}
        />
        <button
          type="button"
          disabled={!who || !question.trim()}
          onClick={() =>
            void run(async () => {
              await api('POST', `/cases/${caseId}/questions`, { user_id: who, question: question.trim() });
              // Cleared once asked; a refusal (the server's message) keeps what was typed.
              setQuestion('');
              setWho('');
            })
          }
        >
          {t('case.ask.submit')}
        </button>
      </div>
      <p className="muted">{t('case.ask.hint')}</p>
    </div>
  );
}
