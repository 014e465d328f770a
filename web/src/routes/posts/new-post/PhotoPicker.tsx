import { useTranslation } from 'react-i18next';
import { PHOTOS_PER_POST } from '../../../../../common/constants.ts';
import { photoProblem } from '../photo-check.ts';

const MAX_PHOTOS = PHOTOS_PER_POST;

/**
 * Photos for the post, checked as they are chosen (type and size, how many), so a photo that
 * cannot be posted is said next to its field before anything is posted.
 */
export function PhotoPicker({
  id,
  errors,
  onChoose,
}: {
  id: string;
  errors: string[];
  onChoose: (photos: File[], problems: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('posts.new.photos', { max: MAX_PHOTOS })}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('posts.new.photosHint')}
      </p>
      <input
        id={id}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        aria-describedby={errors.length > 0 ? `${id}-hint ${id}-errors` : `${id}-hint`}
        aria-invalid={errors.length > 0 || undefined}
        onChange={async (event) => {
          const chosen = [...(event.target.files ?? [])];
          const problems: string[] = [];
          if (chosen.length > MAX_PHOTOS)
            problems.push(t('posts.new.tooManyPhotos', { max: MAX_PHOTOS }));
          for (const file of chosen) {
            const problem = await photoProblem(file);
            if (problem === 'too-large')
              problems.push(t('posts.new.photoTooBig', { name: file.name }));
            if (problem === 'not-a-photo')
              problems.push(t('posts.new.notAPhoto', { name: file.name }));
          }
          onChoose(problems.length === 0 ? chosen : [], problems);
        }}
      />
      <div id={`${id}-errors`}>
        {errors.map((message) => (
          <p key={message} className="field-error">
            {message}
          </p>
        ))}
      </div>
    </div>
  );
}
