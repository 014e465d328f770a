import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/accounts.ts';
import { useMyGroups } from '../../api/groups.ts';
import { useMyMatches } from '../../api/matching.ts';
import { problemMessage } from '../../api/messages.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { INVITE_STORAGE_KEY } from '../groups/invite-storage.ts';
import { WriteButtons } from '../posts/WriteButtons.tsx';

export default function Home() {
  const { t } = useTranslation();
  const me = useMe();
  const groups = useMyGroups(me.data != null);
  const active = groups.data?.items.filter((g) => g.myMembership.status === 'active') ?? [];
  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (me.data) {
    return (
      <>
        <PageTitle>{t('home.welcome', { name: me.data.displayName })}</PageTitle>
        {/* In one group, straight to its form; in several, the form asks which. */}
        {active.length > 0 ? (
          <WriteButtons slug={active.length === 1 ? active[0]!.slug : undefined} />
        ) : null}
        {localStorage.getItem(INVITE_STORAGE_KEY) ? (
          <p className="notice">
            <Link to="/invite">{t('home.continueInvite')}</Link>
          </p>
        ) : null}
        <MyMatches />
        <MyGroups />
        <p className="actions">
          <Link className="button" to="/groups">
            {t('home.findGroup')}
          </Link>
          <Link className="button" to="/groups/new">
            {t('home.startGroup')}
          </Link>
          {me.data.isAdmin ? (
            <Link className="button" to="/groups/import">
              {t('home.importGroups')}
            </Link>
          ) : null}
        </p>
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
        <Link className="button primary" to="/groups">
          {t('home.findNearest')}
        </Link>
        <Link className="button" to="/sign-up">
          {t('home.getStarted')}
        </Link>
        <Link className="button" to="/sign-in">
          {t('home.haveAccount')}
        </Link>
      </p>
    </>
  );
}

function MyGroups() {
  const { t } = useTranslation();
  const groups = useMyGroups(true);
  return (
    <section aria-labelledby="my-groups-title">
      <h2 id="my-groups-title">{t('home.myGroups')}</h2>
      {groups.isPending ? <p role="status">{t('app.loading')}</p> : null}
      {groups.isError ? <p role="alert">{problemMessage(t, groups.error)}</p> : null}
      {groups.data?.items.length === 0 ? <p>{t('home.noGroups')}</p> : null}
      {groups.data && groups.data.items.length > 0 ? (
        <ul className="group-list">
          {groups.data.items.map((group) => (
            <li key={group.id}>
              <Link to={`/groups/${group.slug}`}>{group.name}</Link>
              <span className="muted">
                {' · '}
                {group.myMembership.status === 'pending'
                  ? t('home.waiting')
                  : t(`roles.${group.myMembership.role}`)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** My asks and my helping: what is happening now and what to do next. */
function MyMatches() {
  const { t } = useTranslation();
  const matches = useMyMatches(true);
  const active = matches.data?.active ?? [];
  const open = matches.data?.open ?? [];
  if (active.length === 0 && open.length === 0) return null;
  return (
    <section aria-labelledby="my-matches-title">
      <h2 id="my-matches-title">{t('home.myMatches')}</h2>
      <ul className="group-list">
        {open.map((item) => (
          <li key={item.post.id}>
            <Link to={`/posts/${item.post.id}`}>{item.post.title}</Link>
            <p className="muted">
              {item.waiting > 0
                ? t(`home.waitingResponses.${item.post.kind}`, { count: item.waiting })
                : t(`home.noResponsesYet.${item.post.kind}`)}{' '}
              · {item.post.group.name}
            </p>
          </li>
        ))}
        {active.map((match) => (
          <li key={match.id}>
            <Link to={`/matches/${match.id}`}>{match.post.title}</Link>
            <p className="muted">
              {t(`home.next.${match.next}`, { name: match.other.displayName })} ·{' '}
              {match.post.group.name}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
