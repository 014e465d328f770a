import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CATEGORIES, type TCategory } from '../../../../common/constants.ts';
import type { THelperProfile } from '../../../../common/matching.ts';
import { useGroup } from '../../api/groups.ts';
import { useHelperProfile, useSaveHelperProfile } from '../../api/matching.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import { FormAlert, formText, Notice, SubmitButton, TextField } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { PlaceSearch } from '../../components/PlaceSearch.tsx';

/** What I can help with in this group: moderators use it to suggest me for asks. */
export default function HelperProfile() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const group = useGroup(slug);
  const profile = useHelperProfile(slug);
  if (group.isPending || profile.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  if (profile.isError) return <p role="alert">{problemMessage(t, profile.error)}</p>;
  return (
    <>
      <PageTitle>{t('matching.profile.title', { name: group.data.name })}</PageTitle>
      <p>
        <Link to={`/groups/${slug}`}>{t('groups.backTo', { name: group.data.name })}</Link>
      </p>
      <p>{t('matching.profile.intro')}</p>
      {profile.data.idCheck ? (
        <p className="notice">
          {t('matching.profile.checked', { name: profile.data.idCheck.checkedBy ?? '' })}
        </p>
      ) : null}
      <ProfileForm
        slug={slug}
        profile={profile.data}
        categories={CATEGORIES.filter((c) => group.data.categories.includes(c))}
      />
    </>
  );
}

function ProfileForm({
  slug,
  profile,
  categories,
}: {
  slug: string;
  profile: THelperProfile;
  categories: TCategory[];
}) {
  const { t } = useTranslation();
  const save = useSaveHelperProfile(slug);
  const [place, setPlace] = useState(profile.place);
  const [saved, setSaved] = useState(false);
  const errors = fieldMessages(t, save.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    const travel = formText(element, 'travelKm').trim();
    const free = formText(element, 'freeForHours');
    setSaved(false);
    save.mutate(
      {
        categories: data.getAll('categories').map(String),
        travelKm: travel ? Number(travel) : null,
        availability: formText(element, 'availability'),
        languages: formText(element, 'languages')
          .split(',')
          .map((code) => code.trim())
          .filter(Boolean),
        hasCar: data.get('hasCar') === 'on',
        place,
        freeForHours: free ? Number(free) : null,
      },
      { onSuccess: () => setSaved(true) },
    );
  };
  return (
    <form className="form wide" onSubmit={onSubmit} noValidate>
      <FormAlert message={save.error ? problemMessage(t, save.error) : undefined} />
      <fieldset className="checkboxes">
        <legend>{t('matching.profile.categories')}</legend>
        {categories.map((category) => (
          <label key={category}>
            <input
              type="checkbox"
              name="categories"
              value={category}
              defaultChecked={profile.categories.includes(category)}
            />{' '}
            {t(`categories.${category}`)}
          </label>
        ))}
      </fieldset>
      <PlaceSearch
        label={t('matching.profile.where')}
        hint={t('matching.profile.whereHint')}
        onChoose={(chosen) => setPlace({ latitude: chosen.latitude, longitude: chosen.longitude })}
      />
      <p role="status">{place ? t('matching.profile.placeSet') : t('matching.profile.noPlace')}</p>
      <TextField
        name="travelKm"
        type="number"
        inputMode="decimal"
        label={t('matching.profile.travelKm')}
        defaultValue={profile.travelKm === null ? '' : String(profile.travelKm)}
        {...(errors.travelKm ? { error: errors.travelKm } : {})}
      />
      <TextField
        name="availability"
        label={t('matching.profile.availability')}
        description={t('matching.profile.availabilityHint')}
        defaultValue={profile.availability}
      />
      <TextField
        name="languages"
        label={t('groups.form.languages')}
        description={t('groups.form.languagesHint')}
        defaultValue={profile.languages.join(', ')}
        {...(errors.languages ? { error: errors.languages } : {})}
      />
      <label className="inline-check">
        <input type="checkbox" name="hasCar" defaultChecked={profile.hasCar} />{' '}
        {t('matching.profile.hasCar')}
      </label>
      <div className="field">
        <label htmlFor="free-for">{t('matching.profile.freeNow')}</label>
        <select id="free-for" name="freeForHours" defaultValue={profile.availableUntil ? '3' : ''}>
          <option value="">{t('matching.profile.notFree')}</option>
          {['1', '3', '8', '24'].map((hours) => (
            <option key={hours} value={hours}>
              {t('matching.profile.freeFor', { count: Number(hours) })}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton isPending={save.isPending}>{t('matching.profile.save')}</SubmitButton>
      <Notice message={saved ? t('matching.profile.saved') : undefined} />
    </form>
  );
}
