import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { CATEGORIES, POST_KINDS } from '../../../../common/constants.ts';
import { pointParam } from '../../../../common/geo.ts';
import { useGroup } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { type FeedFilters, useFeed, usePlainList } from '../../api/posts.ts';
import { Notice } from '../../components/Form.tsx';
import { Icon } from '../../components/Icon.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { PostCard } from './PostCard.tsx';
import { WriteButtons } from './WriteButtons.tsx';

/** A group's posts: pinned first, then newest, with filters and search kept in the address. */
export default function Feed() {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const group = useGroup(slug);
  const [params, setParams] = useSearchParams();
  const filters: FeedFilters = {
    kind: params.get('kind') ?? '',
    category: params.get('category') ?? '',
    status: params.get('status') ?? 'open',
    unanswered: params.get('unanswered') === 'true',
    q: params.get('q') ?? '',
    near: params.get('near') ?? '',
    within: params.get('within') ?? '',
  };
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed'>('idle');
  const feed = useFeed(slug, filters, group.data?.canSeeInside === true);

  if (group.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  const g = group.data;
  const isMember = g.myMembership?.status === 'active';

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['kind', 'category', 'status', 'q']) {
      const value = String(data.get(key) ?? '').trim();
      if (value && !(key === 'status' && value === 'open')) next.set(key, value);
    }
    if (data.get('unanswered')) next.set('unanswered', 'true');
    const within = String(data.get('within') ?? '');
    if (!within) {
      setParams(next);
      return;
    }
    // "Within N km of me": the browser says where "me" is, for this search only.
    next.set('within', within);
    if (filters.near && filters.within) {
      next.set('near', filters.near);
      setParams(next);
      return;
    }
    if (!navigator.geolocation) {
      setLocating('failed');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating('idle');
        // Rounded to about 500 m: the address may be shared, and must not pinpoint a home.
        next.set('near', pointParam(position.coords.latitude, position.coords.longitude));
        setParams(next);
      },
      () => setLocating('failed'),
      { timeout: 10_000, maximumAge: 600_000 },
    );
  };

  const items = feed.data?.pages.flatMap((page) => page.items) ?? [];
  // What the folded filters apply now, said on the control that unfolds them.
  const applied = [
    filters.q ? t('posts.feed.appliedSearch', { q: filters.q }) : null,
    filters.kind ? t(`posts.kindPlural.${filters.kind}`) : null,
    filters.category ? t(`categories.${filters.category}`) : null,
    filters.status === 'open'
      ? null
      : t(`posts.feed.${filters.status === 'closed' ? 'closedOnes' : 'all'}`),
    filters.within ? t('posts.feed.withinKm', { km: filters.within }) : null,
    filters.unanswered ? t('posts.feed.unanswered') : null,
  ].filter((item): item is string => item !== null);
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/groups/${g.slug}`}>{t('groups.backTo', { name: g.name })}</Link>
      </p>
      <PageTitle>{t('posts.feed.title', { name: g.name })}</PageTitle>
      {isMember ? <WriteButtons slug={g.slug} /> : null}
      {!g.canSeeInside ? (
        <p>{t('posts.feed.membersOnly')}</p>
      ) : (
        <>
          <details className="filter-panel">
            <summary>
              <Icon name="filter" />
              <span>
                {applied.length === 0
                  ? t('posts.feed.filterNone')
                  : t('posts.feed.filterApplied', { list: listFormat(i18n.language, applied) })}
              </span>
            </summary>
            <form className="filters" onSubmit={apply} aria-label={t('posts.feed.filters')}>
              <div className="field">
                <label htmlFor="feed-q">{t('posts.feed.search')}</label>
                <input id="feed-q" name="q" type="search" defaultValue={filters.q} />
              </div>
              <div className="field">
                <label htmlFor="feed-kind">{t('posts.feed.kind')}</label>
                <select id="feed-kind" name="kind" defaultValue={filters.kind}>
                  <option value="">{t('posts.feed.allKinds')}</option>
                  {POST_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`posts.kindPlural.${kind}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="feed-category">{t('posts.feed.category')}</label>
                <select id="feed-category" name="category" defaultValue={filters.category}>
                  <option value="">{t('posts.feed.allCategories')}</option>
                  {CATEGORIES.filter((c) => g.categories.includes(c)).map((category) => (
                    <option key={category} value={category}>
                      {t(`categories.${category}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="feed-status">{t('posts.feed.status')}</label>
                <select id="feed-status" name="status" defaultValue={filters.status}>
                  <option value="open">{t('posts.feed.open')}</option>
                  <option value="closed">{t('posts.feed.closedOnes')}</option>
                  <option value="all">{t('posts.feed.all')}</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="feed-within">{t('posts.feed.distance')}</label>
                <select id="feed-within" name="within" defaultValue={filters.within}>
                  <option value="">{t('posts.feed.anyDistance')}</option>
                  {['1', '2', '5', '10', '25'].map((km) => (
                    <option key={km} value={km}>
                      {t('posts.feed.withinKm', { km })}
                    </option>
                  ))}
                </select>
              </div>
              <label className="inline-check">
                <input type="checkbox" name="unanswered" defaultChecked={filters.unanswered} />{' '}
                {t('posts.feed.unanswered')}
              </label>
              <button type="submit" className="button">
                {t('posts.feed.apply')}
              </button>
            </form>
          </details>

          <div role="status">
            {locating === 'busy' ? t('groups.find.locating') : null}
            {locating === 'failed' ? t('posts.feed.noLocation') : null}
          </div>
          {feed.isPending ? <p role="status">{t('app.loading')}</p> : null}
          {feed.isError ? <p role="alert">{problemMessage(t, feed.error)}</p> : null}
          {feed.isSuccess && items.length === 0 ? <p>{t('posts.feed.empty')}</p> : null}
          <ul className="post-list">
            {items.map((post) => (
              <li key={post.id}>
                <PostCard post={post} />
              </li>
            ))}
          </ul>
          {feed.hasNextPage ? (
            <button
              type="button"
              className="button"
              onClick={() => void feed.fetchNextPage()}
              aria-disabled={feed.isFetchingNextPage || undefined}
            >
              {feed.isFetchingNextPage ? t('app.loading') : t('posts.feed.more')}
            </button>
          ) : null}
          {isMember && feed.isSuccess ? (
            <p>
              <Link to={`/groups/${g.slug}/posts/new?kind=info`}>{t('posts.write.other')}</Link>
            </p>
          ) : null}
          {/* After the posts have arrived, so it is not pushed down the screen by them. */}
          {isMember && feed.isSuccess ? <PlainList slug={g.slug} /> : null}
        </>
      )}
    </>
  );
}

/** The open asks as plain text, ready to paste into a WhatsApp or Facebook post. */
function PlainList({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const [isShown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const list = usePlainList(slug, i18n.language, isShown);
  return (
    <section aria-labelledby="plain-title">
      <h2 id="plain-title">{t('posts.plain.title')}</h2>
      <p>{t('posts.plain.intro')}</p>
      {!isShown ? (
        <button type="button" className="button" onClick={() => setShown(true)}>
          {t('posts.plain.show')}
        </button>
      ) : null}
      {list.isFetching ? <p role="status">{t('app.loading')}</p> : null}
      {list.data ? (
        <>
          <label htmlFor="plain-text">{t('posts.plain.label')}</label>
          <textarea id="plain-text" readOnly rows={8} value={list.data} />
          <button
            type="button"
            className="button"
            onClick={() => {
              void navigator.clipboard?.writeText(list.data).then(() => setCopied(true));
            }}
          >
            {t('posts.plain.copy')}
          </button>
          <Notice message={copied ? t('posts.plain.copied') : undefined} />
        </>
      ) : null}
    </section>
  );
}

function listFormat(locale: string, items: string[]) {
  return new Intl.ListFormat(locale, { style: 'short', type: 'unit' }).format(items);
}
