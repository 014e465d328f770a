import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useMe } from '../../api/accounts.ts';
import { problemMessage } from '../../api/messages.ts';
import { useNearMe } from '../../api/posts.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { PlaceSearch } from '../../components/PlaceSearch.tsx';
import { PostCard } from './PostCard.tsx';

const DISTANCES = ['1', '2', '5', '10', '25'];

/** Open asks and offers near me, across every group I am in. */
export default function NearMe() {
  const { t } = useTranslation();
  const me = useMe();
  const [near, setNear] = useState<{ point: string; place: string } | null>(null);
  const [within, setWithin] = useState('5');
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
        setNear({
          point: `${position.coords.latitude.toFixed(5)},${position.coords.longitude.toFixed(5)}`,
          place: t('groups.find.myLocation'),
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
          setNear({
            point: `${place.latitude.toFixed(5)},${place.longitude.toFixed(5)}`,
            place: place.name,
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
        <select id="near-within" value={within} onChange={(event) => setWithin(event.target.value)}>
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
