import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, GROUP_SETTING_LIMITS } from '../../../../../common/constants.ts';
import { TextField } from '../../../components/Form.tsx';
import type { GroupFormValues } from '../GroupForm.tsx';

type Setting = keyof typeof GROUP_SETTING_LIMITS;

/** Whether a typed value is a whole number in the setting's range (the API's, from common/). */
const inRange = (value: string, setting: Setting) =>
  /^\d+$/.test(value.trim()) &&
  Number(value) >= GROUP_SETTING_LIMITS[setting].min &&
  Number(value) <= GROUP_SETTING_LIMITS[setting].max;

/** The form's checks for the numeric settings, each with its message. */
export const settingChecks = (t: TFunction) =>
  Object.fromEntries(
    (Object.keys(GROUP_SETTING_LIMITS) as Setting[]).map((setting) => [
      setting,
      (value: string) => (inRange(value, setting) ? null : t(`groups.form.errors.${setting}`)),
    ]),
  ) as Record<Setting, (value: string) => string | null>;

/** How posts and matching work in the group: expiry, holding new members' posts, ID checks. */
export function SettingsFields({
  initial,
  errors,
  onEdit,
}: {
  initial: GroupFormValues;
  errors: Partial<Record<string, string>>;
  onEdit: (name: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset>
        <legend>{t('groups.form.posts')}</legend>
        <TextField
          name="askExpiryDays"
          type="number"
          inputMode="numeric"
          label={t('groups.form.askExpiryDays')}
          description={t('groups.form.askExpiryDaysHint')}
          defaultValue={String(initial.askExpiryDays)}
          error={errors.askExpiryDays}
          onEdit={onEdit}
        />
        <TextField
          name="holdNewMembersDays"
          type="number"
          inputMode="numeric"
          label={t('groups.form.holdNewMembersDays')}
          description={t('groups.form.holdNewMembersDaysHint')}
          defaultValue={String(initial.holdNewMembersDays)}
          error={errors.holdNewMembersDays}
          onEdit={onEdit}
        />
      </fieldset>

      <fieldset>
        <legend>{t('groups.form.matching')}</legend>
        <TextField
          name="confirmAfterDays"
          type="number"
          inputMode="numeric"
          label={t('groups.form.confirmAfterDays')}
          description={t('groups.form.confirmAfterDaysHint')}
          defaultValue={String(initial.confirmAfterDays)}
          error={errors.confirmAfterDays}
          onEdit={onEdit}
        />
        <TextField
          name="unansweredAlertHours"
          type="number"
          inputMode="numeric"
          label={t('groups.form.unansweredAlertHours')}
          description={t('groups.form.unansweredAlertHoursHint')}
          defaultValue={String(initial.unansweredAlertHours)}
          error={errors.unansweredAlertHours}
          onEdit={onEdit}
        />
        <TextField
          name="askAlertsPerDay"
          type="number"
          inputMode="numeric"
          label={t('groups.form.askAlertsPerDay')}
          description={t('groups.form.askAlertsPerDayHint')}
          defaultValue={String(initial.askAlertsPerDay)}
          error={errors.askAlertsPerDay}
          onEdit={onEdit}
        />
        <fieldset className="checkboxes">
          <legend>{t('groups.form.idCheckCategories')}</legend>
          <p className="hint">{t('groups.form.idCheckCategoriesHint')}</p>
          {CATEGORIES.map((category) => (
            <label key={category}>
              <input
                type="checkbox"
                name="idCheckCategories"
                value={category}
                defaultChecked={initial.idCheckCategories.includes(category)}
              />{' '}
              {t(`categories.${category}`)}
            </label>
          ))}
        </fieldset>
      </fieldset>
    </>
  );
}
