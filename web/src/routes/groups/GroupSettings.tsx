import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useGroup, useUpdateGroup } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { Notice } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { GroupForm } from './GroupForm.tsx';

export default function GroupSettings() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const group = useGroup(slug);
  const update = useUpdateGroup(slug);
  const navigate = useNavigate();
  const [saved, setSaved] = useState<string | null>(null);
  if (group.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  const g = group.data;
  if (!g.canAdminister) {
    return (
      <>
        <PageTitle>{t('groups.settings.title', { name: g.name })}</PageTitle>
        <p>{t('groups.settings.adminsOnly')}</p>
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('groups.settings.title', { name: g.name })}</PageTitle>
      <p>
        <Link to={`/groups/${saved ?? g.slug}`}>{t('groups.backTo', { name: g.name })}</Link>
      </p>
      <Notice message={saved ? t('groups.settings.saved') : undefined} />
      <GroupForm
        initial={{ ...g, centre: g.centre }}
        isNew={false}
        submitLabel={t('groups.settings.save')}
        isPending={update.isPending}
        error={update.error}
        onSubmit={({ slug: _slug, ...values }) =>
          update.mutate(values, {
            onSuccess: (updated) => {
              setSaved(updated.slug);
              // Becoming hidden gives the group a new address: follow it.
              if (updated.slug !== g.slug) {
                navigate(`/groups/${updated.slug}/settings`, { replace: true });
              }
            },
          })
        }
      />
    </>
  );
}
