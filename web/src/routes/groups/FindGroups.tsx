import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TGroupSummary } from '../../../../common/groups.ts';
import { useInstance, useMe } from '../../api/accounts.ts';
import { directoryUrl, useDirectory } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { PlaceSearch, placeLabel } from '../../components/PlaceSearch.tsx';
import { formatDistance, joinLabel } from './labels.ts';

const GroupMap = lazy(() => import('../../components/map/GroupMap.tsx'));

/** How many groups the map shows around a place: enough for a national network. */
const MAP_LIMIT = 5000;
const LIST_LIMIT = 50;
/** One empty list, so the map does not rebuild its clusters on every render. */
const NO_GROUPS: TGroupSummary[] = [];

function parseNear(value: string | null): [number, number] | undefined {
  const match = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(value ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** "Find my nearest group": by place name, postcode, or the browser's location. */
export default function FindGroups() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const instance = useInstance();
  const [params, setParams] = useSearchParams();
  const near = parseNear(params.get('near'));
  const placeName = params.get('place') ?? '';
  const [showMap, setShowMap] = useState(false);
  const [locating, setLocating] = useState<'idle' | 'busy' | 'denied' | 'unavailable'>('idle');
  const list = useDirectory({ ...(near ? { near } : {}), limit: LIST_LIMIT }, near !== undefined);
  const mapped = useDirectory({ ...(near ? { near } : {}), limit: MAP_LIMIT }, showMap);

  const goTo = (point: [number, number], place: string) =>
    setParams({ near: point.map((n) => n.toFixed(5)).join(','), place });

  const locate = () => {
    if (!navigator.geolocation) {
      setLocating('unavailable');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating('idle');
        goTo([position.coords.latitude, position.coords.longitude], t('groups.find.myLocation'));
      },
      (error) => setLocating(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 600_000 },
    );
  };

  const searchHint = instance.data?.hasGeocoder
    ? t('groups.find.searchHintGeocoder')
    : t('groups.find.searchHint');

  return (
    <>
      <PageTitle>{t('groups.find.title')}</PageTitle>
      <p className="lead">{t('groups.find.intro')}</p>
      <PlaceSearch
        label={t('groups.find.searchLabel')}
        hint={searchHint}
        defaultQuery={placeName === t('groups.find.myLocation') ? '' : placeName}
        onChoose={(place) => goTo([place.latitude, place.longitude], placeLabel(place))}
      />
      <p className="actions">
        <button type="button" className="button" onClick={locate} aria-describedby="locate-hint">
          {t('groups.find.useLocation')}
        </button>
        {me.data ? (
          <Link className="button" to="/groups/new">
            {t('groups.find.start')}
          </Link>
        ) : null}
      </p>
      <p id="locate-hint" className="hint">
        {t('groups.find.locationHint')}
      </p>
      <div role="status">
        {locating === 'busy' ? t('groups.find.locating') : null}
        {locating === 'denied' ? t('groups.find.locationDenied') : null}
        {locating === 'unavailable' ? t('groups.find.locationUnavailable') : null}
      </div>

      {near ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t('groups.find.resultsTitle', { place: placeName })}</h2>
          <p className="actions">
            <button
              type="button"
              className="button"
              aria-pressed={showMap}
              onClick={() => setShowMap((shown) => !shown)}
            >
              {t('groups.find.showMap')}
            </button>
            <a
              className="button"
              href={directoryUrl({ near, limit: MAP_LIMIT }, '/api/v1/groups.csv')}
              download
            >
              {t('groups.find.downloadCsv')}
            </a>
            <a
              className="button"
              href={directoryUrl({ near, limit: MAP_LIMIT }, '/api/v1/groups.geojson')}
              download
            >
              {t('groups.find.downloadGeoJson')}
            </a>
          </p>
          {showMap && instance.data ? (
            <Suspense fallback={<p role="status">{t('groups.map.loading')}</p>}>
              {mapped.isPending ? <p role="status">{t('groups.map.loading')}</p> : null}
              <GroupMap
                groups={mapped.data?.items ?? NO_GROUPS}
                centre={near}
                tiles={instance.data.map}
                label={t('groups.map.label')}
              />
            </Suspense>
          ) : null}
          {list.isPending ? <p role="status">{t('app.loading')}</p> : null}
          {list.isError ? <p role="alert">{problemMessage(t, list.error)}</p> : null}
          {list.data && list.data.items.length === 0 ? (
            <p>
              {t('groups.find.none')} <Link to="/groups/new">{t('groups.find.start')}</Link>
            </p>
          ) : null}
          {list.data && list.data.items.length > 0 ? (
            <ol className="group-list">
              {list.data.items.map((group) => (
                <li key={group.id}>
                  <h3>
                    <Link to={`/groups/${group.slug}`}>{group.name}</Link>
                  </h3>
                  <p className="muted">
                    {[
                      group.distanceKm === null
                        ? null
                        : t('groups.find.away', {
                            distance: formatDistance(group.distanceKm, i18n.language),
                          }),
                      group.locationName || null,
                      joinLabel(t, group),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                  {group.description ? <p className="clamp">{group.description}</p> : null}
                </li>
              ))}
            </ol>
          ) : null}
        </section>
      ) : (
        <p>{t('groups.find.empty')}</p>
      )}
      <p className="hint">{t('groups.find.credit')}</p>
    </>
  );
}
