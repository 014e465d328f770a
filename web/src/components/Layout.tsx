import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { useMe } from '../api/accounts.ts';
import { useLiveEvents, useNotifications } from '../api/notifications.ts';
import { useAccountLanguage } from '../i18n/useAccountLanguage.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { QuickExit } from './QuickExit.tsx';

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  useAccountLanguage();
  const isSignedIn = me.data != null;
  const notifications = useNotifications(isSignedIn);
  useLiveEvents(isSignedIn);
  const unread = notifications.data?.unread ?? 0;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <QuickExit />
        </div>
        <div className="header-row">
          <nav aria-label={t('nav.label')}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('nav.home')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/groups">{t('nav.groups')}</NavLink>
              </li>
              {me.data ? (
                <li>
                  <NavLink to="/near">{t('nav.near')}</NavLink>
                </li>
              ) : null}
            </ul>
            {/* The account's links have a row of their own on a phone, kept empty while the
                account loads, so the page does not jump down when they arrive. The count of
                new notifications comes last: its growing text moves nothing. */}
            <ul className="nav-account">
              {me.isPending ? null : me.data ? (
                <>
                  <li>
                    <NavLink to="/profile">{t('nav.profile')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/notifications">
                      {unread > 0
                        ? t('nav.notificationsUnread', { count: unread })
                        : t('nav.notifications')}
                    </NavLink>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/sign-up">{t('nav.signUp')}</NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
