import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TGroup } from '../../../../common/groups.ts';
import { ApiError } from '../../api/client.ts';
import { useGroup, useListing, useMembers } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import NotFound from '../NotFound.tsx';
import { WriteButtons } from '../posts/WriteButtons.tsx';
import { Membership } from './group-page/Membership.tsx';
import { joinLabel, languageNames } from './labels.ts';

export default function GroupPage() {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const group = useGroup(slug);
  if (group.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.error instanceof ApiError && group.error.status === 404) return <NotFound />;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  const g = group.data;
  const kindLabel = t(`groups.kind.${g.kind}`);
  return (
    <>
      <PageTitle>{g.name}</PageTitle>
      <p className="muted">
        {[kindLabel, g.locationName || null, t(`groups.visibility.${g.visibility}`)]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {g.myMembership?.status === 'active' ? <WriteButtons slug={g.slug} withOther /> : null}
      {g.parent ? (
        <p>
          {t('groups.page.partOf')} <Link to={`/groups/${g.parent.slug}`}>{g.parent.name}</Link>
        </p>
      ) : null}
      {g.description ? <p className="pre-line">{g.description}</p> : null}

      <Listing group={g} />
      <Membership group={g} />

      {g.canSeeInside ? (
        <p className="actions">
          <Link className="button" to={`/groups/${g.slug}/posts`}>
            {t('groups.page.posts')}
          </Link>
        </p>
      ) : null}

      {g.canModerate || g.canAdminister || g.myMembership?.status === 'active' ? (
        <nav aria-label={t('groups.page.manage')} className="actions">
          {g.myMembership?.status === 'active' ? (
            <Link className="button" to={`/groups/${g.slug}/members`}>
              {t('groups.page.members', { count: g.memberCount })}
            </Link>
          ) : null}
          {g.myMembership?.status === 'active' ? (
            <Link className="button" to={`/groups/${g.slug}/helping`}>
              {t('groups.page.helping')}
            </Link>
          ) : null}
          {g.canModerate ? <JoinRequests slug={g.slug} /> : null}
          {g.canModerate ? (
            <Link className="button" to={`/groups/${g.slug}/board`}>
              {t('groups.page.board')}
            </Link>
          ) : null}
          {g.canModerate ? (
            <Link className="button" to={`/groups/${g.slug}/invites`}>
              {t('groups.page.invites')}
            </Link>
          ) : null}
          {g.canAdminister ? (
            <Link className="button" to={`/groups/${g.slug}/settings`}>
              {t('groups.page.settings')}
            </Link>
          ) : null}
          {g.canAdminister && g.kind === 'network' ? (
            <Link className="button" to={`/groups/import?network=${g.slug}`}>
              {t('groups.page.import')}
            </Link>
          ) : null}
        </nav>
      ) : null}

      <section aria-labelledby="about-title">
        <h2 id="about-title">{t('groups.page.about')}</h2>
        <dl className="facts">
          <dt>{t('groups.page.area')}</dt>
          <dd>
            {t('groups.page.radius', {
              radius: new Intl.NumberFormat(i18n.language).format(g.radiusKm),
              place: g.locationName || t('groups.page.centre'),
            })}
          </dd>
          <dt>{t('groups.page.joining')}</dt>
          <dd>{joinLabel(t, g)}</dd>
          <dt>{t('groups.page.memberCount')}</dt>
          <dd>{new Intl.NumberFormat(i18n.language).format(g.memberCount)}</dd>
          {g.categories.length > 0 ? (
            <>
              <dt>{t('groups.page.helpWith')}</dt>
              <dd>{g.categories.map((c) => t(`categories.${c}`)).join(', ')}</dd>
            </>
          ) : null}
          {g.languages.length > 0 ? (
            <>
              <dt>{t('groups.page.languages')}</dt>
              <dd>{languageNames(g.languages, i18n.language).join(', ')}</dd>
            </>
          ) : null}
          {g.phone ? (
            <>
              <dt>{t('groups.page.phone')}</dt>
              <dd>
                <a href={`tel:${g.phone.replace(/[^0-9+]/g, '')}`}>{g.phone}</a>
              </dd>
            </>
          ) : null}
          {g.email ? (
            <>
              <dt>{t('groups.page.email')}</dt>
              <dd>
                <a href={`mailto:${g.email}`}>{g.email}</a>
              </dd>
            </>
          ) : null}
          {g.website ? (
            <>
              <dt>{t('groups.page.website')}</dt>
              <dd>
                <a href={g.website} rel="noopener noreferrer nofollow">
                  {g.website}
                </a>
              </dd>
            </>
          ) : null}
          {g.facebookUrl ? (
            <>
              <dt>{t('groups.page.facebook')}</dt>
              <dd>
                <a href={g.facebookUrl} rel="noopener noreferrer nofollow">
                  {g.facebookUrl}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      {g.rules ? (
        <section aria-labelledby="rules-title">
          <h2 id="rules-title">{t('groups.page.rules')}</h2>
          <p className="pre-line">{g.rules}</p>
        </section>
      ) : null}

      {g.kind !== 'pod' && g.canSeeInside ? (
        <section aria-labelledby="children-title">
          <h2 id="children-title">
            {g.kind === 'network' ? t('groups.page.groupsTitle') : t('groups.page.podsTitle')}
          </h2>
          {g.children.length === 0 ? (
            <p>{g.kind === 'network' ? t('groups.page.noGroups') : t('groups.page.noPods')}</p>
          ) : (
            <ul className="group-list">
              {g.children.map((child) => (
                <li key={child.id}>
                  <Link to={`/groups/${child.slug}`}>{child.name}</Link>
                  {child.locationName ? (
                    <span className="muted"> · {child.locationName}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {g.canAddChild ? (
            <p>
              <Link className="button" to={`/groups/new?parent=${g.slug}`}>
                {g.kind === 'network' ? t('groups.page.addGroup') : t('groups.page.addPod')}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/**
 * For the group's admins: whether the group is in the public directory, and the one button that
 * changes it. For an instance administrator: approving a group that waits for it.
 */
function Listing({ group }: { group: TGroup }) {
  const { t } = useTranslation();
  const confirm = useListing(group.slug, 'confirm');
  const withdraw = useListing(group.slug, 'withdraw');
  const approve = useListing(group.slug, 'approve');
  const isListable = group.kind !== 'pod' && group.visibility !== 'hidden';
  if (!isListable || (!group.canAdminister && !group.canApproveListing)) return null;
  const error = confirm.error ?? withdraw.error ?? approve.error;
  return (
    <section aria-labelledby="listing-title" className="notice listing">
      <h2 id="listing-title" className="h3">
        {t('groups.listing.title')}
      </h2>
      <p role="status">{t(`groups.listing.${group.listing}`)}</p>
      <FormAlert message={error ? problemMessage(t, error) : undefined} />
      {group.canAdminister && group.listing === 'unlisted' ? (
        <button
          type="button"
          className="button primary"
          disabled={confirm.isPending}
          onClick={() => confirm.mutate(undefined)}
        >
          {t('groups.listing.confirm')}
        </button>
      ) : null}
      {group.canAdminister && group.listing === 'listed' ? (
        <button
          type="button"
          className="button"
          disabled={withdraw.isPending}
          onClick={() => withdraw.mutate(undefined)}
        >
          {t('groups.listing.withdraw')}
        </button>
      ) : null}
      {group.canApproveListing ? (
        <button
          type="button"
          className="button primary"
          disabled={approve.isPending}
          onClick={() => approve.mutate(undefined)}
        >
          {t('groups.listing.approve')}
        </button>
      ) : null}
    </section>
  );
}

/** For moderators: "Requests to join (3)", when any are waiting. */
function JoinRequests({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const requests = useMembers(slug, { q: '', status: 'pending' }, true);
  const waiting = requests.data?.counts?.pending ?? 0;
  if (waiting === 0) return null;
  return (
    <Link className="button primary" to={`/groups/${slug}/members?tab=pending`}>
      {t('groups.page.requests', { count: waiting })}
    </Link>
  );
}
