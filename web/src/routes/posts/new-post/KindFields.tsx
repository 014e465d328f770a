import { useTranslation } from 'react-i18next';
import { type TPostKind, URGENCIES } from '../../../../../common/constants.ts';
import { TextField } from '../../../components/Form.tsx';

/**
 * What only one kind of post asks for: how soon and for how many (an ask), when and how much
 * (an offer), a link (info), the poll's choices (a question).
 */
export function KindFields({
  kind,
  errors,
  onEdit,
}: {
  kind: TPostKind;
  errors: Partial<Record<string, string>>;
  onEdit: (name: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {kind === 'ask' ? (
        <>
          <fieldset
            className="choices"
            aria-describedby={errors.urgency ? 'urgency-error' : undefined}
          >
            <legend>{t('posts.new.urgency')}</legend>
            {URGENCIES.map((urgency) => (
              <label key={urgency}>
                <input
                  type="radio"
                  name="urgency"
                  value={urgency}
                  onChange={() => onEdit('urgency')}
                />{' '}
                {t(`posts.urgency.${urgency}`)}
              </label>
            ))}
            {errors.urgency ? (
              <p id="urgency-error" className="field-error">
                {errors.urgency}
              </p>
            ) : null}
          </fieldset>
          <TextField
            name="timeWindow"
            label={t('posts.new.timeWindow')}
            description={t('posts.new.timeWindowHint')}
          />
          <div className="field">
            <label htmlFor="post-needed-by">{t('posts.new.neededBy')}</label>
            <input id="post-needed-by" name="neededBy" type="date" />
          </div>
          <TextField
            name="peopleCount"
            type="number"
            inputMode="numeric"
            label={t('posts.new.peopleCount')}
            error={errors.peopleCount}
            onEdit={onEdit}
          />
        </>
      ) : null}

      {kind === 'offer' ? (
        <>
          <TextField
            name="availability"
            label={t('posts.new.availability')}
            description={t('posts.new.availabilityHint')}
          />
          <TextField name="quantity" label={t('posts.new.quantity')} />
          <label className="inline-check">
            <input type="checkbox" name="isOngoing" /> {t('posts.new.ongoing')}
          </label>
          <TextField
            name="travelKm"
            type="number"
            inputMode="decimal"
            label={t('posts.new.travelKm')}
            error={errors.travelKm}
            onEdit={onEdit}
          />
        </>
      ) : null}

      {kind === 'info' ? (
        <TextField
          name="linkUrl"
          type="url"
          label={t('posts.new.link')}
          error={errors.linkUrl}
          onEdit={onEdit}
        />
      ) : null}

      {kind === 'question' ? (
        <fieldset>
          <legend>{t('posts.new.poll')}</legend>
          <p className="hint">{t('posts.new.pollHint')}</p>
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <TextField
              key={i}
              name={`option-${i}`}
              label={t('posts.new.option', { number: i + 1 })}
            />
          ))}
          {errors.poll ? <p className="field-error">{errors.poll}</p> : null}
        </fieldset>
      ) : null}
    </>
  );
}
