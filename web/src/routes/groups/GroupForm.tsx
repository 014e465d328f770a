import { type FormEvent, lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AREA_NAME_MAX,
  AREA_NAMES_MAX,
  CATEGORIES,
  EXCHANGE_MODES,
  GROUP_NAME_MIN,
  JOIN_POLICIES,
  ON_BEHALF_BY,
  RADIUS_KM_MAX,
  SLUG_PATTERN,
  slugify,
  type TCategory,
  type TExchangeMode,
  type TJoinPolicy,
  type TOnBehalfBy,
  type TVisibility,
  VISIBILITIES,
} from '../../../../common/constants.ts';
import type { TUpdateGroup } from '../../../../common/groups.ts';
import { useInstance } from '../../api/accounts.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import {
  FormAlert,
  formText,
  SubmitButton,
  TextArea,
  TextField,
  useFormErrors,
} from '../../components/Form.tsx';
import { PlaceSearch } from '../../components/PlaceSearch.tsx';
import { Choice } from './group-form/Choice.tsx';
import { SettingsFields, settingChecks } from './group-form/SettingsFields.tsx';

const AreaPicker = lazy(() => import('../../components/map/AreaPicker.tsx'));

export type GroupFormValues = Required<Omit<TUpdateGroup, 'centre'>> & {
  centre: { latitude: number; longitude: number } | null;
  slug: string;
};

type Props = {
  initial: GroupFormValues;
  /** On create the address can be chosen; afterwards it stays. */
  isNew: boolean;
  submitLabel: string;
  isPending: boolean;
  error: unknown;
  onSubmit: (values: GroupFormValues & { centre: { latitude: number; longitude: number } }) => void;
};

/** The non-empty lines of a text box, trimmed. */
function lines(text: string) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Every setting of a group, for starting one and for changing it later. */
export function GroupForm({ initial, isNew, submitLabel, isPending, error, onSubmit }: Props) {
  const { t } = useTranslation();
  const instance = useInstance();
  const areaId = useId();
  const [name, setName] = useState(initial.name);
  const [slug, setSlug] = useState(initial.slug);
  const [isSlugEdited, setSlugEdited] = useState(!isNew);
  const [centre, setCentre] = useState(initial.centre);
  const [radius, setRadius] = useState(String(initial.radiusKm));
  const [locationName, setLocationName] = useState(initial.locationName);
  const [visibility, setVisibility] = useState<TVisibility>(initial.visibility);
  const [joinPolicy, setJoinPolicy] = useState<TJoinPolicy>(initial.joinPolicy);
  const [exchangeMode, setExchangeMode] = useState<TExchangeMode>(initial.exchangeMode);
  const [onBehalfBy, setOnBehalfBy] = useState<TOnBehalfBy>(initial.onBehalfBy);
  const [centreError, setCentreError] = useState<string | undefined>();

  const radiusKm = Number(radius);
  const isRadiusValid = Number.isFinite(radiusKm) && radiusKm > 0 && radiusKm <= RADIUS_KM_MAX;
  const form = useFormErrors(
    {
      name: (value) => (value.trim().length < GROUP_NAME_MIN ? t('groups.form.errors.name') : null),
      slug: (value) => (isNew && !SLUG_PATTERN.test(value) ? t('groups.form.errors.slug') : null),
      radiusKm: () =>
        isRadiusValid ? null : t('groups.form.errors.radius', { max: RADIUS_KM_MAX }),
      areaNames: (value) => {
        const names = lines(value);
        return names.length > AREA_NAMES_MAX ||
          names.some((name) => name.length < 2 || name.length > AREA_NAME_MAX)
          ? t('errors.fields.areaNames', { max: AREA_NAMES_MAX, longest: AREA_NAME_MAX })
          : null;
      },
      ...settingChecks(t),
    },
    fieldMessages(t, error),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const isValid = form.check(element);
    if (!centre) {
      setCentreError(t('groups.form.errors.centre'));
      if (isValid) document.getElementById(`${areaId}-search`)?.focus();
      return;
    }
    if (!isValid) return;
    const data = new FormData(element);
    const optional = (field: string) => formText(element, field).trim() || null;
    onSubmit({
      slug,
      name,
      description: formText(element, 'description'),
      rules: formText(element, 'rules'),
      locationName,
      areaNames: lines(formText(element, 'areaNames')),
      centre,
      radiusKm,
      phone: optional('phone'),
      email: optional('email'),
      website: optional('website'),
      facebookUrl: optional('facebookUrl'),
      languages: formText(element, 'languages')
        .split(',')
        .map((code) => code.trim())
        .filter(Boolean),
      categories: data.getAll('categories').map(String) as TCategory[],
      exchangeMode,
      onBehalfBy,
      visibility,
      joinPolicy,
      askExpiryDays: Number(formText(element, 'askExpiryDays')),
      holdNewMembersDays: Number(formText(element, 'holdNewMembersDays')),
      confirmAfterDays: Number(formText(element, 'confirmAfterDays')),
      unansweredAlertHours: Number(formText(element, 'unansweredAlertHours')),
      askAlertsPerDay: Number(formText(element, 'askAlertsPerDay')),
      idCheckCategories: data.getAll('idCheckCategories').map(String) as TCategory[],
      joinQuestions: joinPolicy === 'approval' ? lines(formText(element, 'joinQuestions')) : [],
    });
  };

  const errors = form.errors;
  return (
    <form onSubmit={submit} noValidate className="form wide">
      <FormAlert message={error ? problemMessage(t, error) : undefined} />
      <TextField
        name="name"
        label={t('groups.form.name')}
        value={name}
        onValueChange={(value) => {
          setName(value);
          if (!isSlugEdited) setSlug(slugify(value));
        }}
        isRequired
        error={errors.name}
        onEdit={form.edited}
      />
      {isNew ? (
        <TextField
          name="slug"
          label={t('groups.form.slug')}
          description={t('groups.form.slugHint', { slug: slug || 'my-group' })}
          value={slug}
          onValueChange={(value) => {
            setSlug(value);
            setSlugEdited(true);
          }}
          isRequired
          error={errors.slug}
          onEdit={form.edited}
        />
      ) : null}
      <TextArea
        name="description"
        label={t('groups.form.description')}
        defaultValue={initial.description}
        error={errors.description}
        onEdit={form.edited}
      />
      <TextArea
        name="rules"
        label={t('groups.form.rules')}
        defaultValue={initial.rules}
        rows={6}
        error={errors.rules}
        onEdit={form.edited}
      />

      <fieldset className="area" aria-describedby={centreError ? `${areaId}-error` : undefined}>
        <legend>{t('groups.form.area')}</legend>
        <p className="hint">{t('groups.form.areaHint')}</p>
        <PlaceSearch
          label={t('groups.form.areaSearch')}
          onChoose={(place) => {
            setCentre({ latitude: place.latitude, longitude: place.longitude });
            setCentreError(undefined);
            if (!locationName) setLocationName(place.name);
          }}
        />
        {centreError ? (
          <p id={`${areaId}-error`} className="field-error" role="alert">
            {centreError}
          </p>
        ) : null}
        {centre && instance.data ? (
          <Suspense fallback={<p role="status">{t('groups.map.loading')}</p>}>
            <AreaPicker
              latitude={centre.latitude}
              longitude={centre.longitude}
              radiusKm={isRadiusValid ? radiusKm : 1}
              tiles={instance.data.map}
              label={t('groups.form.mapLabel')}
              pinLabel={t('groups.form.pinLabel')}
              onMove={setCentre}
            />
          </Suspense>
        ) : null}
        <p className="hint" id={`${areaId}-search`} tabIndex={-1}>
          {centre
            ? t('groups.form.centreIs', {
                latitude: centre.latitude.toFixed(4),
                longitude: centre.longitude.toFixed(4),
              })
            : t('groups.form.noCentre')}
        </p>
        <TextField
          name="radiusKm"
          type="number"
          inputMode="decimal"
          step="0.1"
          label={t('groups.form.radius')}
          value={radius}
          onValueChange={setRadius}
          isRequired
          error={errors.radiusKm}
          onEdit={form.edited}
        />
        <TextField
          name="locationName"
          label={t('groups.form.locationName')}
          description={t('groups.form.locationNameHint')}
          value={locationName}
          onValueChange={setLocationName}
          error={errors.locationName}
          onEdit={form.edited}
        />
        <TextArea
          name="areaNames"
          label={t('groups.form.areaNames')}
          description={t('groups.form.areaNamesHint', { max: AREA_NAMES_MAX })}
          defaultValue={initial.areaNames.join('\n')}
          error={errors.areaNames}
          onEdit={form.edited}
        />
      </fieldset>

      <fieldset className="checkboxes">
        <legend>{t('groups.form.categories')}</legend>
        <p className="hint">{t('groups.form.categoriesHint')}</p>
        {CATEGORIES.map((category) => (
          <label key={category}>
            <input
              type="checkbox"
              name="categories"
              value={category}
              defaultChecked={initial.categories.includes(category)}
            />{' '}
            {t(`categories.${category}`)}
          </label>
        ))}
      </fieldset>

      <Choice
        legend={t('groups.form.visibility')}
        name="visibility"
        options={VISIBILITIES}
        value={visibility}
        label={(option) => t(`groups.visibility.${option}`)}
        hint={(option) => t(`groups.visibilityHint.${option}`)}
        onChange={setVisibility}
      />
      <Choice
        legend={t('groups.form.joinPolicy')}
        name="joinPolicy"
        options={JOIN_POLICIES}
        value={joinPolicy}
        label={(option) => t(`groups.joinPolicy.${option}`)}
        onChange={setJoinPolicy}
      />
      {joinPolicy === 'approval' ? (
        <TextArea
          name="joinQuestions"
          label={t('groups.form.joinQuestions')}
          description={t('groups.form.joinQuestionsHint')}
          defaultValue={initial.joinQuestions.join('\n')}
          error={errors.joinQuestions}
          onEdit={form.edited}
        />
      ) : null}
      <Choice
        legend={t('groups.form.exchangeMode')}
        name="exchangeMode"
        options={EXCHANGE_MODES}
        value={exchangeMode}
        label={(option) => t(`groups.exchangeMode.${option}`)}
        hint={(option) => t(`groups.exchangeModeHint.${option}`)}
        onChange={setExchangeMode}
      />
      <Choice
        legend={t('groups.onBehalf.legend')}
        name="onBehalfBy"
        options={ON_BEHALF_BY}
        value={onBehalfBy}
        label={(option) => t(`groups.onBehalf.${option}`)}
        hint={(option) => t(`groups.onBehalf.${option}Hint`)}
        onChange={setOnBehalfBy}
      />

      <SettingsFields initial={initial} errors={errors} onEdit={form.edited} />

      <fieldset>
        <legend>{t('groups.form.contact')}</legend>
        <TextField
          name="phone"
          type="tel"
          label={t('groups.form.phone')}
          description={t('groups.form.phoneHint')}
          defaultValue={initial.phone ?? ''}
          error={errors.phone}
          onEdit={form.edited}
        />
        <TextField
          name="email"
          type="email"
          label={t('groups.form.email')}
          defaultValue={initial.email ?? ''}
          error={errors.email}
          onEdit={form.edited}
        />
        <TextField
          name="website"
          type="url"
          label={t('groups.form.website')}
          defaultValue={initial.website ?? ''}
          error={errors.website}
          onEdit={form.edited}
        />
        <TextField
          name="facebookUrl"
          type="url"
          label={t('groups.form.facebook')}
          defaultValue={initial.facebookUrl ?? ''}
          error={errors.facebookUrl}
          onEdit={form.edited}
        />
        <TextField
          name="languages"
          label={t('groups.form.languages')}
          description={t('groups.form.languagesHint')}
          defaultValue={initial.languages.join(', ')}
          error={errors.languages}
          onEdit={form.edited}
        />
      </fieldset>
      <SubmitButton isPending={isPending}>{submitLabel}</SubmitButton>
    </form>
  );
}
