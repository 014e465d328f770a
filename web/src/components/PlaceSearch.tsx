import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPlace } from '../../../common/groups.ts';
import { usePlaces } from '../api/groups.ts';
import { problemMessage } from '../api/messages.ts';

/** What follows a place's name in a list: its country, or which group it belongs to. */
function placeDetail(t: TFunction, place: TPlace) {
  if (place.source === 'area') return t('places.areaOf', { group: place.detail });
  if (place.source === 'group') {
    return place.detail ? t('places.groupIn', { place: place.detail }) : t('places.aGroup');
  }
  return place.detail ? `, ${place.detail}` : '';
}

/** A chosen place as a heading reads it: "Fernwood", "Leeds, United Kingdom". */
export function placeLabel(place: TPlace) {
  return place.detail && (place.source === 'gazetteer' || place.source === 'geocoder')
    ? `${place.name}, ${place.detail}`
    : place.name;
}

/**
 * Search a place by name (a listed group's neighbourhoods or name, the offline gazetteer) or,
 * where the instance has a geocoder, by postcode or address; the results are a plain list of
 * buttons, so it needs no map.
 */
export function PlaceSearch({
  label,
  hint,
  onChoose,
  defaultQuery = '',
}: {
  label: string;
  hint?: string;
  onChoose: (place: TPlace) => void;
  defaultQuery?: string;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(defaultQuery);
  const [query, setQuery] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const places = usePlaces(query, i18n.language);
  const description = hint ?? t('places.hint');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const trimmed = draft.trim();
    setTooShort(trimmed.length < 2);
    if (trimmed.length >= 2) setQuery(trimmed);
  };

  return (
    // A search inside another form cannot be a <form>: it is a landmark with its own button.
    <search className="place-search">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {description}
      </p>
      <div className="inline-field">
        <input
          id={id}
          type="search"
          value={draft}
          autoComplete="off"
          aria-describedby={tooShort ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={tooShort || undefined}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onSubmit(event);
          }}
        />
        <button type="button" className="button" onClick={onSubmit}>
          {t('places.search')}
        </button>
      </div>
      {tooShort ? (
        <p id={`${id}-error`} className="field-error">
          {t('places.tooShort')}
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {places.isFetching ? t('places.searching') : null}
        {places.isError ? problemMessage(t, places.error) : null}
        {places.data && !places.isFetching
          ? places.data.items.length === 0
            ? places.data.hint === 'postcode-needs-geocoder'
              ? t('places.postcodeNeedsGeocoder')
              : t('places.none', { query })
            : t('places.found', { count: places.data.items.length })
          : null}
      </div>
      {places.data && places.data.items.length > 0 ? (
        <ul className="place-results">
          {places.data.items.map((place) => (
            <li key={`${place.source}-${place.latitude}-${place.longitude}-${place.name}`}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  onChoose(place);
                  setDraft(place.name);
                  setQuery('');
                }}
              >
                {place.name}
                <span className="muted">{placeDetail(t, place)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </search>
  );
}
