/** The signed-in person's own account: change the password (the current one is needed; other sessions end). */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Me } from '../api';

export function AccountPage({ me, onPasswordChanged }: { me: Me; onPasswordChanged?: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // A message answers one attempt: editing a field or trying again clears it (a 5-character new password is refused
  // by the form itself, and "The current password is not right." from the try before stayed beside that).
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setMessage(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    if (next !== repeat) {
      setMessage({ ok: false, text: t('account.mismatch') });
      return;
    }
    try {
      await api('POST', '/auth/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setMessage({ ok: true, text: t('account.changed') });
      onPasswordChanged?.();
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      setMessage({ ok: false, text: field === 'current_password' ? t('account.wrongCurrent') : (err as Error).message });
    }
  };
  return (
    <section className="account">
      <h1>{t('account.title')}</h1>
      <p className="muted">
        {me.user.name} · {me.user.email}
      </p>
      {me.user.passwordTemporary && (
        <p className="notice" role="note">
          {t('app.temporaryPassword')}
        </p>
      )}
      <form className="login" onSubmit={submit} data-testid="change-password">
        <h2>{t('account.changePassword')}</h2>
        <label>
          {t('account.current')}
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => edit(setCurrent)(e.target.value)} required />
        </label>
        <label>
          {t('account.new')}
          <input type="password" autoComplete="new-password" minLength={12} value={next} onChange={(e) => edit(setNext)(e.target.value)} required />
        </label>
        <label>
          {t('account.repeat')}
          <input
            type="password"
            autoComplete="new-password"
            minLength={12}
            value={repeat}
            onChange={(e) => edit(setRepeat)(e.target.value)}
            required
          />
        </label>
        <p className="muted">{t('account.rules')}</p>
        {message && (
          <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <button type="submit">{t('account.save')}</button>
      </form>
    </section>
  );
}
