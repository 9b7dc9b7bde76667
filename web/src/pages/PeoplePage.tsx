/** Settings → People: the brand's members (role, last sign-in, status), invitations, reset links, deactivation. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../components/useAction';
import { api, type Invitation, type IssuedLink, type Me, type Member } from '../api';
import { TeamsSection } from '../components/TeamsSection';
import { formatDateTime } from '../format';
import { Link } from '../router';

const ROLES = ['admin', 'manager', 'reviewer', 'responder', 'specialist'] as const;

/** Copies a printed link to the clipboard, and says so for a moment. */
function CopyButton({ text, testId }: { text: string; testId: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const h = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(h);
  }, [copied]);
  return (
    <button
      type="button"
      data-testid={testId}
      onClick={() =>
        void navigator.clipboard
          ?.writeText(text)
          .then(() => setCopied(true))
          .catch(() => undefined)
      }
    >
      {copied ? t('people.linkCopied') : t('people.copyLink')}
    </button>
  );
}

/** A link made just now, to copy and pass on (or the news that it went out by e-mail). */
function IssuedNotice({ issued, kind }: { issued: IssuedLink; kind: 'invite' | 'reset' }) {
  const { t, i18n } = useTranslation();
  const until = formatDateTime(issued.expires_at, i18n.language);
  return (
    <div className="issued" role="status" data-testid={`issued-${kind}`}>
      {issued.link ? (
        <>
          <p>{t(`people.${kind}LinkReady`, { email: issued.email, until })}</p>
          <code className="secret" data-testid={`${kind}-link`}>
            {issued.link}
          </code>{' '}
          <CopyButton text={issued.link} testId={`copy-${kind}-link`} />
        </>
      ) : (
        <p>{t(`people.${kind}Mailed`, { email: issued.email, until })}</p>
      )}
    </div>
  );
}

export function PeoplePage({ brandId, me }: { brandId: string; me: Me }) {
  const { t, i18n } = useTranslation();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('responder');
  const [issued, setIssued] = useState<{ issued: IssuedLink; kind: 'invite' | 'reset' } | null>(null);
  const [error, setError] = useState('');
  // A refusal is shown beside what was refused: the invite form, or the person's row.
  const [inviteError, setInviteError] = useState('');
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const myRole = me.brands.find((b) => b.id === brandId)?.role ?? null;
  const canManage = myRole === 'admin' || me.user.isAdmin;
  // Teams are the brand's policy (routing): its managers shape them too.
  const canManageTeams = canManage || myRole === 'manager';

  const load = useCallback(async () => {
    setMembers((await api<{ items: Member[] }>('GET', `/brands/${brandId}/members`)).items);
    setInvitations((await api<{ items: Invitation[] }>('GET', `/brands/${brandId}/invitations`)).items);
  }, [brandId]);
  useEffect(() => {
    if (brandId) void load().catch((e: Error) => setError(e.message));
  }, [brandId, load]);
  const run = useAction(load, setError);
  const runInvite = useAction(load, setInviteError);
  const runRow = async (id: string, fn: () => Promise<unknown>) => {
    setRowError(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setRowError({ id, message: (e as Error).message });
    }
  };

  const when = (v: string | null) => (v ? formatDateTime(v, i18n.language) : t('people.never'));
  const invite = () =>
    runInvite(async () => {
      const r = await api<IssuedLink>('POST', `/brands/${brandId}/invitations`, { email, role });
      setIssued({ issued: r, kind: 'invite' });
      setEmail('');
    });

  return (
    <section className="settings people">
      <p>
        <Link to="/settings">{t('people.backToSettings')}</Link>
      </p>
      <h1>{t('people.title')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!myRole && me.user.isAdmin && <p className="muted">{t('people.installationAdminHint')}</p>}
      {!members ? (
        <p className="loading">{t('app.loading')}</p>
      ) : (
        <table className="plain" data-testid="people">
          <thead>
            <tr>
              <th>{t('people.name')}</th>
              <th>{t('people.email')}</th>
              <th>{t('people.role')}</th>
              <th>{t('people.lastSignIn')}</th>
              <th>{t('people.status')}</th>
              {canManage && <th>{t('people.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} data-email={m.email}>
                <td>
                  {m.name}
                  {m.admin && <small className="muted"> · {t('people.installationAdmin')}</small>}
                </td>
                <td>{m.email}</td>
                <td>
                  {canManage ? (
                    <select
                      value={m.role}
                      aria-label={t('people.roleOf', { email: m.email })}
                      onChange={(e) => runRow(m.id, () => api('PUT', `/brands/${brandId}/members`, { user_id: m.id, role: e.target.value }))}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`people.roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`people.roles.${m.role}`, { defaultValue: m.role })
                  )}
                </td>
                <td>{when(m.last_sign_in_at)}</td>
                <td data-testid="member-status">{m.disabled ? t('people.accountDeactivated') : t(`people.statuses.${m.status}`)}</td>
                {canManage && (
                  <td className="actions">
                    {/* Brand admins leave installation admins alone (the server refuses it too). */}
                    {m.id !== me.user.id &&
                      (me.user.isAdmin || !m.admin) &&
                      (m.deactivated ? (
                        <button type="button" onClick={() => runRow(m.id, () => api('POST', `/brands/${brandId}/members/${m.id}/reactivate`))}>
                          {t('people.reactivate')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          onClick={() => {
                            if (window.confirm(t('people.confirmDeactivate', { email: m.email })))
                              void runRow(m.id, () => api('POST', `/brands/${brandId}/members/${m.id}/deactivate`));
                          }}
                        >
                          {t('people.deactivate')}
                        </button>
                      ))}
                    {!m.disabled && (me.user.isAdmin || !m.admin) && (
                      <button
                        type="button"
                        onClick={() =>
                          runRow(m.id, async () =>
                            setIssued({ issued: await api<IssuedLink>('POST', `/brands/${brandId}/members/${m.id}/reset-link`), kind: 'reset' }),
                          )
                        }
                      >
                        {t('people.resetLink')}
                      </button>
                    )}
                    {me.user.isAdmin &&
                      m.id !== me.user.id &&
                      (m.disabled ? (
                        <button type="button" onClick={() => runRow(m.id, () => api('POST', `/users/${m.id}/reactivate`))}>
                          {t('people.reactivateAccount')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          onClick={() => {
                            if (window.confirm(t('people.confirmDeactivateAccount', { email: m.email })))
                              void runRow(m.id, () => api('POST', `/users/${m.id}/deactivate`));
                          }}
                        >
                          {t('people.deactivateAccount')}
                        </button>
                      ))}
                    {rowError?.id === m.id && (
                      <p className="error" role="alert" data-testid="row-error">
                        {rowError.message}
                      </p>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issued && <IssuedNotice issued={issued.issued} kind={issued.kind} />}

      {canManage && (
        <>
          <h2>{t('people.invite')}</h2>
          <p className="muted">{t('people.inviteHint')}</p>
          <form
            className="actions"
            onSubmit={(e) => {
              e.preventDefault();
              void invite();
            }}
          >
            <input
              type="email"
              required
              aria-label={t('people.inviteEmail')}
              placeholder={t('people.inviteEmail')}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <select aria-label={t('people.inviteRole')} value={role} onChange={(e) => setRole(e.target.value as (typeof ROLES)[number])}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`people.roles.${r}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="primary" disabled={!email}>
              {t('people.sendInvite')}
            </button>
            {inviteError && (
              <span className="error" role="alert" data-testid="invite-error">
                {inviteError}
              </span>
            )}
          </form>
        </>
      )}
      {members && <TeamsSection brandId={brandId} members={members} canEdit={canManageTeams} />}
      {invitations.length > 0 && (
        <>
          <h2>{t('people.pending')}</h2>
          <table className="plain" data-testid="invitations">
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{t(`people.roles.${i.role}`, { defaultValue: i.role })}</td>
                  <td>{t('people.expires', { at: formatDateTime(i.expires_at, i18n.language) })}</td>
                  {canManage && (
                    <td>
                      <button type="button" onClick={() => run(() => api('DELETE', `/invitations/${i.id}`))}>
                        {t('people.cancelInvite')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
