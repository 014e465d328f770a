import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { pointParam } from '../../../../common/geo.ts';
import { useMe } from '../../api/accounts.ts';
import { problemMessage } from '../../api/messages.ts';
import { useNearMe } from '../../api/posts.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { PlaceSearch } from '../../components/PlaceSearch.tsx';
import { PostCard } from './PostCard.tsx';

const DISTANCES = ['1', '2', '5', '10', '25'];
const POINT = /^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/;

/** Open asks and offers near me, across every group I am in. */
export default function NearMe() {
  const { t } = useTranslation();
  const me = useMe();
  // The place and distance live in the address: a reload keeps them and the link can be shared.
  const [params, setParams] = useSearchParams();
  const at = params.get('at') ?? '';
  const near = POINT.test(at)
    ? {
        point: at,
        place:
          params.get('from') === 'device'
            ? t('groups.find.myLocation')
            : params.get('place') || t('posts.near.thatPlace'),
      }
    : null;
  const within = DISTANCES.includes(params.get('within') ?? '') ? params.get('within')! : '5';
  const show = (next: { at?: string; place?: string; from?: string; within?: string }) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setParams(merged, { replace: true });
  };
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed'>('idle');
  const list = useNearMe(near?.point ?? null, within);
  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace />;

  const locate = () => {
    if (!navigator.geolocation) {
      setLocating('failed');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating('idle');
        // Rounded to about 500 m: the address may be shared, and must not pinpoint a home.
        show({
          at: pointParam(position.coords.latitude, position.coords.longitude),
          place: '',
          from: 'device',
        });
      },
      () => setLocating('failed'),
      { timeout: 10_000, maximumAge: 600_000 },
    );
  };

  return (
    <>
      <PageTitle>{t('posts.near.title')}</PageTitle>
      <p className="lead">{t('posts.near.intro')}</p>
      <PlaceSearch
        label={t('posts.near.search')}
        onChoose={(place) =>
          // A geocoder may answer with a street address: only its rounded point is kept.
          show({
            at: pointParam(place.latitude, place.longitude),
            place: place.source === 'geocoder' ? '' : place.name,
            from: '',
          })
        }
      />
      <p className="actions">
        <button type="button" className="button" onClick={locate}>
          {t('groups.find.useLocation')}
        </button>
      </p>
      <div role="status">
        {locating === 'busy' ? t('groups.find.locating') : null}
        {locating === 'failed' ? t('groups.find.locationUnavailable') : null}
      </div>
      <div className="field">
        <label htmlFor="near-within">{t('posts.near.within')}</label>
        <select
          id="near-within"
          value={within}
          onChange={(event) => show({ within: event.target.value })}
        >
          {DISTANCES.map((km) => (
            <option key={km} value={km}>
              {t('posts.near.km', { km })}
            </option>
          ))}
        </select>
      </div>
      {near ? (
        <section aria-labelledby="near-results">
          <h2 id="near-results">{t('posts.near.results', { place: near.place })}</h2>
          {list.isPending ? <p role="status">{t('app.loading')}</p> : null}
          {list.isError ? <p role="alert">{problemMessage(t, list.error)}</p> : null}
          {list.data?.items.length === 0 ? <p>{t('posts.near.none')}</p> : null}
          <ul className="post-list">
            {list.data?.items.map((post) => (
              <li key={post.id}>
                <PostCard post={post} />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p>{t('posts.near.empty')}</p>
      )}
    </>
  );
}
