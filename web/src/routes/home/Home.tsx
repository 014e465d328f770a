import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/accounts.ts';
import { PageTitle } from '../../components/PageTitle.tsx';

export default function Home() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (me.data) {
    return (
      <>
        <PageTitle>{t('home.welcome', { name: me.data.displayName })}</PageTitle>
        <p>{t('home.signedInIntro')}</p>
        <p>
          <Link to="/profile">{t('home.editProfile')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('home.title')}</PageTitle>
      <p className="lead">{t('home.intro')}</p>
      <p>{t('home.private')}</p>
      <p className="actions">
        <Link className="button primary" to="/sign-up">
          {t('home.getStarted')}
        </Link>
        <Link className="button" to="/sign-in">
          {t('home.haveAccount')}
        </Link>
      </p>
    </>
  );
}
