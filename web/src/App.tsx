import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me, setCsrfToken } from './api';
import { LANGUAGE_NAMES, setUiLanguage, UI_LANGUAGES, uiLanguage } from './i18n';
import { CasePage } from './pages/CasePage';

import { InboxPage } from './pages/InboxPage';
import { LoginPage } from './pages/LoginPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { NotificationBell } from './components/NotificationBell';
import { TimeZonePrompt } from './components/TimeZonePrompt';
import { SettingsPage } from './pages/SettingsPage';
import { PeoplePage } from './pages/PeoplePage';
import { AccountPage } from './pages/AccountPage';
import { ResetPasswordPage, WelcomePage } from './pages/LinkPages';
import { Link, navigate, useRoute } from './router';
import { chooseBrand } from './brand-choice';

// Charts are heavy: the dashboard loads on demand.
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));

export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(false);
  const [brandId, setBrandId] = useState<string>(() => localStorage.getItem('defuse.brand') ?? '');

  const signedIn = useCallback((m: Me) => {
    setCsrfToken(m.csrf_token);
    setMe(m);
    // An invitation lands on the brand it was for; otherwise the brand chosen last time, or the first with a role.
    const chosen = chooseBrand(m, localStorage.getItem('defuse.brand'));
    setBrandId(chosen);
    localStorage.setItem('defuse.brand', chosen);
  }, []);

  useEffect(() => {
    api<Me>('GET', '/auth/me')
      .then(signedIn)
      .catch(() => setMe(null))
      .finally(() => setChecked(true));
  }, [signedIn]);

  if (!checked) return <p className="loading">{t('app.loading')}</p>;
  // One-time links work signed in or not: using one signs in as its person.
  if (route.name === 'welcome' || route.name === 'reset-password') {
    const Page = route.name === 'welcome' ? WelcomePage : ResetPasswordPage;
    return (
      <Page
        onSignedIn={(m) => {
          signedIn(m);
          navigate('/');
        }}
      />
    );
  }
  if (!me)
    return (
      <LoginPage
        onSignedIn={(m) => {
          signedIn(m);
          navigate('/');
        }}
      />
    );

  const signOut = async () => {
    await api('POST', '/auth/logout', {}).catch(() => undefined);
    setMe(null);
    navigate('/login');
  };

  const manages = ['admin', 'manager'].includes(me.brands.find((b) => b.id === brandId)?.role ?? '');

  return (
    <div className="app">
      <header className="topbar">
        <Link className="logo" to="/">
          {t('app.name')}
        </Link>
        <nav>
          <Link to="/">{t('app.inbox')}</Link> <Link to="/dashboard">{t('app.dashboard')}</Link>{' '}
          {manages && <Link to="/settings">{t('app.settings')}</Link>}{' '}
          {(manages || me.user.isAdmin) && <Link to="/settings/people">{t('app.people')}</Link>}
        </nav>
        <span className="spacer" />
        {me.brands.length > 1 && (
          <label>
            {t('app.brand')}{' '}
            <select
              aria-label={t('app.brand')}
              value={brandId}
              onChange={(e) => {
                setBrandId(e.target.value);
                localStorage.setItem('defuse.brand', e.target.value);
                navigate('/');
              }}
            >
              {me.brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('app.language')}{' '}
          <select
            aria-label={t('app.language')}
            data-testid="ui-language"
            value={uiLanguage(i18n.language)}
            onChange={(e) => setUiLanguage(e.target.value)}
          >
            {UI_LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <NotificationBell />
        <Link className="who" dir="auto" to="/account" title={t('app.account')}>
          {me.user.name}
        </Link>
        <button type="button" onClick={signOut}>
          {t('app.signOut')}
        </button>
      </header>
      <main>
        {me.user.passwordTemporary && route.name !== 'account' && (
          // A password handed over (the first start's, or `defuse user add`'s): asked to be replaced, on every page.
          <p className="notice" role="note" data-testid="password-prompt">
            {t('app.temporaryPassword')} <Link to="/account">{t('app.choosePassword')}</Link>
          </p>
        )}
        {(manages || me.user.isAdmin) && ['inbox', 'dashboard', 'settings'].includes(route.name) && <TimeZonePrompt brandId={brandId} />}
        {route.name === 'case' ? (
          <CasePage id={route.id} me={me} />
        ) : route.name === 'notifications' ? (
          <NotificationsPage />
        ) : route.name === 'settings' ? (
          <SettingsPage brandId={brandId} me={me} />
        ) : route.name === 'people' ? (
          <PeoplePage brandId={brandId} me={me} />
        ) : route.name === 'account' ? (
          <AccountPage me={me} onPasswordChanged={() => setMe((m) => m && { ...m, user: { ...m.user, passwordTemporary: false } })} />
        ) : route.name === 'dashboard' ? (
          <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
            <DashboardPage brandId={brandId} />
          </Suspense>
        ) : route.name === 'not-found' ? (
          <NotFound path={route.path} />
        ) : (
          <InboxPage brandId={brandId} me={me} />
        )}
      </main>
    </div>
  );
}

/** An address the desk has no page for: said so (it used to show the inbox), with the way back. */
function NotFound({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <section className="not-found" data-testid="not-found">
      <h1>{t('app.notFound.title')}</h1>
      <p>
        {t('app.notFound.text')} <code dir="ltr">{path}</code>
      </p>
      <p>
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          {t('app.notFound.back')}
        </a>
      </p>
    </section>
  );
}
