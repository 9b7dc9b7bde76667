/** Who has the case: its team and its person, each changed from here (the person follows a team picked alone). */
import { useTranslation } from 'react-i18next';
import { api, type CaseItem, type Me } from '../api';
import { useAssignableMembers, useTeams } from './useBrandData';

export function CaseAssignment({ c, me, run }: { c: CaseItem; me: Me; run: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { t } = useTranslation();
  const members = useAssignableMembers(c.brand_id);
  const { teams } = useTeams(c.brand_id);
  const people = [{ id: me.user.id, name: t('flow.inbox.me') }, ...members.filter((m) => m.id !== me.user.id)];
  // Whoever has it now stays listed, even when the caller may not list the brand's people.
  if (c.assignee && !people.some((p) => p.id === c.assignee!.id)) people.push({ id: c.assignee.id, name: c.assignee.name ?? c.assignee.id });
  const change = (body: Record<string, string | null>) => void run(() => api('PATCH', `/cases/${c.id}`, body));
  return (
    <span className="assignment" data-testid="case-assignment">
      <label>
        {t('case.team')}{' '}
        <select aria-label={t('case.team')} value={c.team?.id ?? ''} onChange={(e) => change({ team_id: e.target.value || null })}>
          <option value="">{t('case.noTeam')}</option>
          {c.team && !teams.some((tm) => tm.id === c.team!.id) && <option value={c.team.id}>{c.team.name ?? c.team.id}</option>}
          {teams.map((tm) => (
            <option key={tm.id} value={tm.id}>
              {/* Nobody on it to take the case: said before it is picked (the case then keeps its person). */}
              {tm.member_ids.length ? tm.name : t('case.teamEmpty', { name: tm.name })}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('case.assignee')}{' '}
        <select aria-label={t('case.assignee')} value={c.assignee?.id ?? ''} onChange={(e) => change({ assignee_id: e.target.value || null })}>
          <option value="">{t('inbox.unassigned')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}
