import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { GROUP_SETTING_LIMITS, toLocale } from '../../../../common/constants.ts';
import {
  GROUP_TEMPLATES,
  TEMPLATE_KEYS,
  type TTemplateKey,
} from '../../../../common/group-templates.ts';
import { useMe } from '../../api/accounts.ts';
import { useCreateGroup, useGroup } from '../../api/groups.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { GroupForm, type GroupFormValues } from './GroupForm.tsx';

/** Start a group: choose a template, then change anything it filled in. */
export default function NewGroup() {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  const parentSlug = params.get('parent');
  const [template, setTemplate] = useState<TTemplateKey | null>(null);
  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  return (
    <>
      <PageTitle>{t('groups.new.title')}</PageTitle>
      {parentSlug ? <ParentNote slug={parentSlug} /> : null}
      {template === null ? (
        <TemplateChoice onChoose={setTemplate} />
      ) : (
        <>
          <p>
            {t('groups.new.usingTemplate', { template: t(`groups.templates.${template}.name`) })}{' '}
            <button type="button" className="link-button" onClick={() => setTemplate(null)}>
              {t('groups.new.changeTemplate')}
            </button>
          </p>
          <CreateForm key={template} template={template} parentSlug={parentSlug} />
        </>
      )}
    </>
  );
}

function ParentNote({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const parent = useGroup(slug);
  if (!parent.data) return null;
  return (
    <p className="notice">
      {t('groups.new.inParent', { name: parent.data.name })}{' '}
      <Link to={`/groups/${slug}`}>{t('groups.new.backToParent')}</Link>
    </p>
  );
}

function TemplateChoice({ onChoose }: { onChoose: (key: TTemplateKey) => void }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="templates-title">
      <h2 id="templates-title">{t('groups.new.chooseTemplate')}</h2>
      <ul className="cards">
        {TEMPLATE_KEYS.map((key) => (
          <li key={key} className="card">
            <h3>{t(`groups.templates.${key}.name`)}</h3>
            <p>{t(`groups.templates.${key}.description`)}</p>
            <button type="button" className="button primary" onClick={() => onChoose(key)}>
              {t('groups.new.useTemplate', { template: t(`groups.templates.${key}.name`) })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CreateForm({
  template,
  parentSlug,
}: {
  template: TTemplateKey;
  parentSlug: string | null;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateGroup();
  const chosen = GROUP_TEMPLATES[template];
  const text = chosen.text[toLocale(i18n.language)];
  const initial: GroupFormValues = {
    slug: '',
    name: '',
    description: '',
    rules: text.rules,
    locationName: '',
    areaNames: [],
    centre: null,
    radiusKm: chosen.radiusKm,
    phone: null,
    email: null,
    website: null,
    facebookUrl: null,
    languages: [i18n.language],
    categories: chosen.categories,
    exchangeMode: chosen.exchangeMode,
    visibility: chosen.visibility,
    joinPolicy: chosen.joinPolicy,
    joinQuestions: text.joinQuestions,
    askExpiryDays: GROUP_SETTING_LIMITS.askExpiryDays.initial,
    holdNewMembersDays: GROUP_SETTING_LIMITS.holdNewMembersDays.initial,
    confirmAfterDays: GROUP_SETTING_LIMITS.confirmAfterDays.initial,
    idCheckCategories: [],
    unansweredAlertHours: GROUP_SETTING_LIMITS.unansweredAlertHours.initial,
    askAlertsPerDay: GROUP_SETTING_LIMITS.askAlertsPerDay.initial,
    onBehalfBy: 'members',
  };
  return (
    <GroupForm
      initial={initial}
      isNew
      submitLabel={t(`groups.new.submit.${chosen.kind}`)}
      isPending={create.isPending}
      error={create.error}
      onSubmit={(values) =>
        create.mutate(
          { ...values, template, parentSlug },
          { onSuccess: (group) => navigate(`/groups/${group.slug}`) },
        )
      }
    />
  );
}
