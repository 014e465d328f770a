import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  CATEGORIES,
  POST_KINDS,
  POST_TITLE_MAX,
  type TCategory,
  type TPostKind,
  type TUrgency,
} from '../../../../common/constants.ts';
import type { TCreatePost, TPost } from '../../../../common/posts.ts';
import { ApiError } from '../../api/client.ts';
import { useGroup } from '../../api/groups.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import { uploadPhoto, useCreatePost } from '../../api/posts.ts';
import {
  FormAlert,
  formText,
  SubmitButton,
  TextArea,
  TextField,
  useFormErrors,
} from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { PlaceSearch } from '../../components/PlaceSearch.tsx';
import { KindFields } from './new-post/KindFields.tsx';
import { PhotoPicker } from './new-post/PhotoPicker.tsx';

/** Write an ask, an offer, some local info or a question. */
export default function NewPost() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const chosen = params.get('kind');
  const initialKind = POST_KINDS.find((k) => k === chosen) ?? 'ask';
  const group = useGroup(slug);
  if (group.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  if (group.data.myMembership?.status !== 'active')
    return <Navigate to={`/groups/${slug}`} replace />;
  return (
    <>
      <PageTitle>{t('posts.new.title', { name: group.data.name })}</PageTitle>
      <p>
        <Link to={`/groups/${slug}/posts`}>{t('posts.new.back')}</Link>
      </p>
      {/* A new kind from the address is a new post: its own form and its own key. */}
      <Composer
        key={initialKind}
        slug={slug}
        initialKind={initialKind}
        categories={CATEGORIES.filter((c) => group.data.categories.includes(c))}
        canPostForNeighbour={group.data.canPostForNeighbour}
      />
    </>
  );
}

function Composer(props: {
  slug: string;
  initialKind: TPostKind;
  categories: TCategory[];
  canPostForNeighbour: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreatePost(props.slug);
  const photoId = useId();
  // One key per post being written: a retry after a dropped connection cannot post twice.
  const [key] = useState(() => crypto.randomUUID());
  const [kind, setKind] = useState<TPostKind>(props.initialKind);
  const [place, setPlace] = useState<{ name: string; latitude: number; longitude: number } | null>(
    null,
  );
  const [forNeighbour, setForNeighbour] = useState(false);
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoErrors, setPhotoErrors] = useState<string[]>([]);
  const [uploading, setUploading] = useState<{ done: number; total: number } | null>(null);
  const form = useFormErrors(
    {
      title: (value) => (value.trim().length < 3 ? t('posts.new.errors.title') : null),
      category: (value) =>
        (kind === 'ask' || kind === 'offer') && !value ? t('posts.new.errors.category') : null,
      urgency: (value) => (kind === 'ask' && !value ? t('posts.new.errors.urgency') : null),
    },
    fieldMessages(t, create.error),
  );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    if (!form.check(element)) return;
    // A photo that cannot be posted is said now, next to its field; nothing is posted yet.
    if (photoErrors.length > 0) {
      document.getElementById(photoId)?.focus();
      return;
    }
    const text = (name: string) => formText(element, name).trim();
    const optional = (name: string) => text(name) || null;
    const input: TCreatePost = {
      kind,
      title: text('title'),
      body: text('body'),
      locationName: place?.name ?? '',
    };
    if (kind === 'ask' || kind === 'offer') input.category = text('category') as TCategory;
    if (kind === 'ask') {
      input.urgency = text('urgency') as TUrgency;
      input.neededBy = optional('neededBy');
      input.timeWindow = optional('timeWindow');
      input.peopleCount = text('peopleCount') ? Number(text('peopleCount')) : null;
      input.private = {
        address: optional('address'),
        phone: optional('phone'),
        accessNotes: optional('accessNotes'),
        contactPreference: optional('contactPreference'),
        point: place ? { latitude: place.latitude, longitude: place.longitude } : null,
      };
      if (forNeighbour) {
        input.onBehalfOf = { name: text('neighbourName'), phone: optional('neighbourPhone') };
      }
    }
    if (kind === 'offer') {
      input.availability = optional('availability');
      input.quantity = optional('quantity');
      input.isOngoing = formText(element, 'isOngoing') === 'on';
      input.travelKm = text('travelKm') ? Number(text('travelKm')) : null;
    }
    if (kind === 'info') input.linkUrl = optional('linkUrl');
    if (kind === 'question') {
      const options = [0, 1, 2, 3, 4, 5].map((i) => text(`option-${i}`)).filter(Boolean);
      input.poll = options.length > 0 ? options : null;
    }
    let post: TPost;
    try {
      post = await create.mutateAsync({ input, key });
    } catch {
      return;
    }
    const failures: string[] = [];
    setUploading({ done: 0, total: photos.length });
    for (const [index, file] of photos.entries()) {
      try {
        await uploadPhoto(post.id, file);
      } catch (error) {
        failures.push(
          error instanceof ApiError && error.status === 400
            ? t('posts.new.photoRefused', { name: file.name })
            : t('posts.new.photoFailed', { name: file.name }),
        );
      }
      setUploading({ done: index + 1, total: photos.length });
    }
    setUploading(null);
    // The form's entry is replaced by the post: Back from the post does not reopen an empty form.
    navigate(`/posts/${post.id}`, { replace: true, state: { photoErrors: failures } });
  };

  const errors = form.errors;
  const isBusy = create.isPending || uploading !== null;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="form wide">
      <FormAlert message={create.error ? problemMessage(t, create.error) : undefined} />
      <fieldset className="choices">
        <legend>{t('posts.new.kind')}</legend>
        {POST_KINDS.map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="kind"
              value={option}
              checked={kind === option}
              onChange={() => setKind(option)}
            />{' '}
            <span>
              {t(`posts.kind.${option}`)}
              <span className="hint block">{t(`posts.kindHint.${option}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <TextField
        name="title"
        maxLength={POST_TITLE_MAX}
        counter={(used, max) => t('posts.new.titleCount', { count: used, max })}
        label={t('posts.new.titleLabel')}
        description={t(`posts.new.titleHint.${kind}`)}
        isRequired
        error={errors.title}
        onEdit={form.edited}
      />
      <TextArea
        name="body"
        label={t('posts.new.body')}
        description={t('posts.new.bodyHint')}
        rows={5}
        error={errors.body}
        onEdit={form.edited}
      />

      {kind === 'ask' || kind === 'offer' ? (
        <div className="field">
          <label htmlFor="post-category">{t('posts.new.category')}</label>
          <select
            id="post-category"
            name="category"
            defaultValue=""
            aria-invalid={errors.category ? true : undefined}
            aria-describedby={errors.category ? 'post-category-error' : undefined}
            onChange={() => form.edited('category')}
          >
            <option value="">{t('posts.new.chooseCategory')}</option>
            {props.categories.map((category) => (
              <option key={category} value={category}>
                {t(`categories.${category}`)}
              </option>
            ))}
          </select>
          {errors.category ? (
            <p id="post-category-error" className="field-error">
              {errors.category}
            </p>
          ) : null}
        </div>
      ) : null}

      <KindFields kind={kind} errors={errors} onEdit={form.edited} />

      {kind === 'ask' || kind === 'offer' ? (
        <fieldset>
          <legend>{t('posts.new.where')}</legend>
          <p className="hint">{t('posts.new.whereHint')}</p>
          <PlaceSearch
            label={t('posts.new.whereSearch')}
            onChoose={(chosen) =>
              setPlace({
                name: chosen.name,
                latitude: chosen.latitude,
                longitude: chosen.longitude,
              })
            }
          />
          <p role="status">{place ? t('posts.new.whereChosen', { place: place.name }) : null}</p>
        </fieldset>
      ) : null}

      {kind === 'ask' ? (
        <fieldset>
          <legend>{t('posts.new.private')}</legend>
          <p className="hint">{t('posts.new.privateHint')}</p>
          <TextField
            name="address"
            label={t('posts.new.address')}
            autoComplete="street-address"
            error={errors.private}
            onEdit={form.edited}
          />
          <TextField name="phone" type="tel" label={t('posts.new.phone')} autoComplete="tel" />
          <TextArea name="accessNotes" label={t('posts.new.accessNotes')} rows={2} />
          <TextField name="contactPreference" label={t('posts.new.contactPreference')} />
          {props.canPostForNeighbour ? (
            <>
              <label className="inline-check">
                <input
                  type="checkbox"
                  checked={forNeighbour}
                  onChange={(e) => setForNeighbour(e.target.checked)}
                />{' '}
                {t('posts.new.forNeighbour')}
              </label>
              {forNeighbour ? (
                <>
                  <TextField name="neighbourName" label={t('posts.new.neighbourName')} />
                  <TextField
                    name="neighbourPhone"
                    type="tel"
                    label={t('posts.new.neighbourPhone')}
                  />
                </>
              ) : null}
            </>
          ) : null}
        </fieldset>
      ) : null}

      <PhotoPicker
        id={photoId}
        errors={photoErrors}
        onChoose={(chosen, problems) => {
          setPhotoErrors(problems);
          setPhotos(chosen);
        }}
      />

      {uploading ? (
        <div className="progress-block">
          <label htmlFor="photo-progress">{t('posts.new.uploading')}</label>
          <progress id="photo-progress" max={uploading.total} value={uploading.done} />
        </div>
      ) : null}
      <SubmitButton isPending={isBusy}>{t(`posts.new.submit.${kind}`)}</SubmitButton>
    </form>
  );
}
