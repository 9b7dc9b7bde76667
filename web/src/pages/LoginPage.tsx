import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api';

export function LoginPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [forgot, setForgot] = useState<'closed' | 'open' | 'mailed' | 'no-mail'>('closed');
  const askForReset = async () => {
    setError('');
    try {
      const r = await api<{ ok: boolean; mail: boolean }>('POST', '/auth/password/forgot', { email });
      setForgot(r.mail ? 'mailed' : 'no-mail');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      onSignedIn(await api<Me>('POST', '/auth/login', { email, password }));
    } catch (err) {
      setError(t('login.failed', { message: (err as Error).message }));
    }
  };
  return (
    <form className="login" onSubmit={submit}>
      <h1>{t('login.title')}</h1>
      <label>
        {t('login.email')}
        <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        {t('login.password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('login.submit')}</button>
      {forgot === 'closed' ? (
        <button type="button" className="link-button" onClick={() => setForgot('open')}>
          {t('login.forgot')}
        </button>
      ) : forgot === 'open' ? (
        <p>
          {t('login.forgotHint')}{' '}
          <button type="button" disabled={!email} onClick={() => void askForReset()}>
            {t('login.sendReset')}
          </button>
        </p>
      ) : (
        <p role="status">{forgot === 'mailed' ? t('login.resetMailed') : t('login.resetNoMail')}</p>
      )}
    </form>
  );
}
