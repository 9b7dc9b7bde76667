/**
 * The pages one-time links open, before anyone is signed in: an invitation
 * (set a password, or give the current one of an existing account, and land
 * on the brand) and a password reset. The secret is the link's fragment.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type InvitationPreview, type Me } from '../api';
import { Link } from '../router';

const secretFromLink = () => window.location.hash.replace(/^#/, '');

export function WelcomePage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [token] = useState(secretFromLink);
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState('');
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    api<InvitationPreview>('POST', '/auth/invitation', { token })
      .then(setPreview)
      .catch(() => setInvalid(true));
  }, [token]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (!preview?.account_exists && password !== repeat) {
      setError(t('account.mismatch'));
      return;
    }
    try {
      onSignedIn(await api<Me>('POST', '/auth/invitation/accept', { token, name: name || undefined, password }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  if (invalid)
    return (
      <div className="login">
        <h1>{t('links.invalidTitle')}</h1>
        <p role="alert">{t('links.invalid')}</p>
        <p>
          <Link to="/login">{t('links.signIn')}</Link>
        </p>
      </div>
    );
  if (!preview) return <p className="loading">{t('app.loading')}</p>;
  return (
    <form className="login" onSubmit={submit} data-testid="welcome">
      <h1>{t('links.welcomeTitle', { brand: preview.brand_name })}</h1>
      <p>{t('links.welcomeText', { email: preview.email, role: t(`people.roles.${preview.role}`, { defaultValue: preview.role }) })}</p>
      {preview.account_exists ? (
        <>
          <p className="muted">{t('links.existingAccount')}</p>
          <label>
            {t('login.password')}
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
        </>
      ) : (
        <>
          <label>
            {t('links.yourName')}
            <input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('account.new')}
            <input
              type="password"
              autoComplete="new-password"
              minLength={12}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
          <label>
            {t('account.repeat')}
            <input type="password" autoComplete="new-password" minLength={12} value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
          </label>
          {/* A first sign-in has no other sessions to end (account.rules says they are signed out). */}
          <p className="muted">{t('links.newPasswordRules')}</p>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('links.join')}</button>
    </form>
  );
}

export function ResetPasswordPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [token] = useState(secretFromLink);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (password !== repeat) {
      setError(t('account.mismatch'));
      return;
    }
    try {
      onSignedIn(await api<Me>('POST', '/auth/password/reset', { token, password }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="login" onSubmit={submit} data-testid="reset-password">
      <h1>{t('links.resetTitle')}</h1>
      <label>
        {t('account.new')}
        <input type="password" autoComplete="new-password" minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <label>
        {t('account.repeat')}
        <input type="password" autoComplete="new-password" minLength={12} value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
      </label>
      <p className="muted">{t('account.rules')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('links.setPassword')}</button>
    </form>
  );
}
