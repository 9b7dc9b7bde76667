/** People → Teams: the brand's teams of its members (routing rules and "assign to a team" hand cases to them). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Member } from '../api';
import { useAction } from './useAction';
import { useTeams } from './useBrandData';

const omit = (all: Record<string, string[]>, key: string) => Object.fromEntries(Object.entries(all).filter(([k]) => k !== key));

export function TeamsSection({ brandId, members, canEdit }: { brandId: string; members: Member[]; canEdit: boolean }) {
  const { t } = useTranslation();
  const { teams, reload } = useTeams(brandId);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  // The team being renamed, and the name as typed.
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  // Members as just ticked, before the server's answer: a second tick builds on the first.
  const [ticked, setTicked] = useState<Record<string, string[]>>({});
  const active = members.filter((m) => m.status === 'active');
  const nameOf = (id: string) => {
    const m = members.find((x) => x.id === id);
    return m ? m.name || m.email : id;
  };
  const run = useAction(reload, setError);

  return (
    <>
      <h2>{t('people.teams.title')}</h2>
      <p className="muted">{t('people.teams.hint')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {teams.length === 0 ? (
        <p className="muted">{t('people.teams.none')}</p>
      ) : (
        <table className="plain" data-testid="teams">
          <tbody>
            {teams.map((tm) => (
              <tr key={tm.id} data-team={tm.name}>
                <th scope="row" dir="auto">
                  {renaming?.id === tm.id ? (
                    <form
                      className="actions"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const next = renaming.name.trim();
                        void run(async () => {
                          await api('PATCH', `/teams/${tm.id}`, { name: next });
                          setRenaming(null);
                        });
                      }}
                    >
                      <input
                        dir="auto"
                        maxLength={100}
                        autoFocus
                        aria-label={t('people.teams.newName', { team: tm.name })}
                        value={renaming.name}
                        onChange={(e) => setRenaming({ id: tm.id, name: e.target.value })}
                        onKeyDown={(e) => {
                          if (e.key === 'Escape') setRenaming(null);
                        }}
                      />
                      <button type="submit" disabled={!renaming.name.trim()}>
                        {t('people.teams.saveName')}
                      </button>
                      <button type="button" onClick={() => setRenaming(null)}>
                        {t('people.teams.cancel')}
                      </button>
                    </form>
                  ) : (
                    tm.name
                  )}
                </th>
                <td>
                  {canEdit
                    ? active.map((m) => (
                        <label key={m.id} className="team-member">
                          <input
                            type="checkbox"
                            checked={(ticked[tm.id] ?? tm.member_ids).includes(m.id)}
                            aria-label={t('people.teams.memberOf', { name: m.name || m.email, team: tm.name })}
                            onChange={(e) => {
                              const now = ticked[tm.id] ?? tm.member_ids;
                              const next = e.target.checked ? [...now, m.id] : now.filter((id) => id !== m.id);
                              setTicked((all) => ({ ...all, [tm.id]: next }));
                              void run(() => api('PUT', `/teams/${tm.id}/members`, { member_ids: next })).finally(() =>
                                setTicked((all) => (all[tm.id] === next ? omit(all, tm.id) : all)),
                              );
                            }}
                          />{' '}
                          {m.name || m.email}
                        </label>
                      ))
                    : tm.member_ids.map(nameOf).join(t('case.listSeparator')) || '—'}
                </td>
                {canEdit && (
                  <td>
                    <button type="button" onClick={() => setRenaming({ id: tm.id, name: tm.name })} disabled={renaming?.id === tm.id}>
                      {t('people.teams.rename')}
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() => {
                        if (window.confirm(t('people.teams.confirmDelete', { team: tm.name }))) void run(() => api('DELETE', `/teams/${tm.id}`));
                      }}
                    >
                      {t('people.teams.delete')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await api('POST', `/brands/${brandId}/teams`, { name: name.trim(), member_ids: [] });
              setName('');
            });
          }}
        >
          <input
            dir="auto"
            maxLength={100}
            aria-label={t('people.teams.name')}
            placeholder={t('people.teams.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" disabled={!name.trim()}>
            {t('people.teams.create')}
          </button>
        </form>
      )}
    </>
  );
}
