import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { POST_KINDS } from '../../../../common/constants.ts';
import { useMe } from '../../api/accounts.ts';
import { useMyGroups } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { PageTitle } from '../../components/PageTitle.tsx';

/**
 * "Ask for help" or "Offer help" from home: straight to the form for someone in one group;
 * otherwise one tap to say which group.
 */
export default function ChooseGroup() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const kind = POST_KINDS.find((k) => k === params.get('kind')) ?? 'ask';
  const me = useMe();
  const groups = useMyGroups(me.data != null);
  if (me.isPending || (me.data && groups.isPending)) return <p role="status">{t('app.loading')}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  if (groups.isError) return <p role="alert">{problemMessage(t, groups.error)}</p>;
  const active = (groups.data?.items ?? []).filter((g) => g.myMembership.status === 'active');
  if (active.length === 1)
    return <Navigate to={`/groups/${active[0]!.slug}/posts/new?kind=${kind}`} replace />;
  return (
    <>
      <PageTitle>{t(`posts.choose.title.${kind}`)}</PageTitle>
      {active.length === 0 ? (
        <>
          <p>{t('posts.choose.none')}</p>
          <p>
            <Link className="button primary" to="/groups">
              {t('home.findGroup')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p>{t('posts.choose.which')}</p>
          <ul className="choice-list">
            {active.map((group) => (
              <li key={group.id}>
                <Link className="button" to={`/groups/${group.slug}/posts/new?kind=${kind}`}>
                  {group.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
