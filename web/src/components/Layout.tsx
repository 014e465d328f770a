import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/accounts.ts';
import { useLiveEvents, useNotifications } from '../api/notifications.ts';
import { useAccountLanguage, useAccountTimeZone } from '../i18n/useAccountLanguage.ts';
import { Icon, type TIconName } from './Icon.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { PageErrorBoundary } from './PageErrorBoundary.tsx';
import { PushOffer } from './PushOffer.tsx';
import { QuickExit } from './QuickExit.tsx';
import { useWide } from './useWide.ts';

/**
 * Every page's frame. On a phone the header is one short row (the name, Quick exit) and the
 * main places sit in a bar at the bottom of the screen, in reach of a thumb, so a page's own
 * content starts near the top. On a wide screen the same navigation sits in the header.
 */
export function Layout() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  useAccountLanguage();
  useAccountTimeZone();
  const isSignedIn = me.data != null;
  const notifications = useNotifications(isSignedIn);
  useLiveEvents(isSignedIn);
  const unread = notifications.data?.unread ?? 0;
  // One language switch: in the header on a wide screen, at the foot of the page on a phone.
  const isWide = useWide();
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
          {/* Right after the name in reading and Tab order; placed last on a wide screen. */}
          <QuickExit />
          <nav aria-label={t('nav.label')} className="main-nav">
            {/* Hidden while the account loads, then shown whole: nothing moves under a thumb
                (or in Lighthouse's layout shift) as the account's places arrive. */}
            <ul data-pending={me.isPending || undefined}>
              <Place to="/" icon="home" label={t('nav.home')} end />
              <Place to="/groups" icon="groups" label={t('nav.groups')} />
              {me.isPending ? null : me.data ? (
                <>
                  <Place to="/near" icon="near" label={t('nav.near')} />
                  <Place
                    to="/notifications"
                    icon="bell"
                    label={t('nav.notifications')}
                    count={unread}
                    countLabel={t('nav.unread', { count: unread })}
                  />
                  <Place to="/profile" icon="person" label={t('nav.profile')} />
                </>
              ) : (
                <>
                  <Place to="/sign-in" icon="signIn" label={t('nav.signIn')} />
                  <Place to="/sign-up" icon="person" label={t('nav.signUp')} />
                </>
              )}
            </ul>
          </nav>
          {isWide ? (
            <span className="header-language">
              <LanguageSwitch isCompact />
            </span>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {me.data?.emailUndeliverable && location.pathname !== '/settings/notifications' ? (
          <p className="alert">
            {t('nav.emailUndeliverable')}{' '}
            <Link to="/settings/notifications">{t('nav.emailUndeliverableFix')}</Link>
          </p>
        ) : null}
        {me.data ? <PushOffer /> : null}
        <PageErrorBoundary key={location.pathname}>
          <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
            <Outlet />
          </Suspense>
        </PageErrorBoundary>
      </main>
      <footer className="site-footer">
        {isWide ? null : <LanguageSwitch />}
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}

/** One of the main places: an icon and its name; a count of new things shown as a badge. */
function Place(props: {
  to: string;
  icon: TIconName;
  label: string;
  end?: boolean;
  count?: number;
  countLabel?: string;
}) {
  const count = props.count ?? 0;
  return (
    <li>
      <NavLink to={props.to} end={props.end}>
        <span className="nav-icon">
          <Icon name={props.icon} />
          {count > 0 ? (
            <span className="nav-count" aria-hidden="true">
              {count > 99 ? '99+' : count}
            </span>
          ) : null}
        </span>
        <span className="nav-text">{props.label}</span>
        {count > 0 ? <span className="visually-hidden"> ({props.countLabel})</span> : null}
      </NavLink>
    </li>
  );
}
