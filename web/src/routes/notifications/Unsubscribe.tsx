import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { problemMessage } from '../../api/messages.ts';
import { useUnsubscribe, useUnsubscribeLink } from '../../api/notifications.ts';
import { FormAlert, SubmitButton } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';

/**
 * An email's unsubscribe link. Opening it changes nothing (a mail scanner that follows links
 * unsubscribes nobody): the page says what would stop and asks; only the button does it. No
 * sign-in is needed, since the link itself is the person's.
 */
export default function Unsubscribe() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const link = useUnsubscribeLink(token);
  const stop = useUnsubscribe(token);
  if (link.isPending) return <p role="status">{t('app.loading')}</p>;
  const isInvalid =
    (link.error instanceof ApiError && link.error.status === 404) ||
    (stop.error instanceof ApiError && stop.error.status === 404);
  if (isInvalid) {
    return (
      <>
        <PageTitle>{t('unsubscribe.invalidTitle')}</PageTitle>
        <p>{t('unsubscribe.invalid')}</p>
        <p>
          <Link to="/settings/notifications">{t('unsubscribe.settingsLink')}</Link>
        </p>
      </>
    );
  }
  if (link.isError) return <p role="alert">{problemMessage(t, link.error)}</p>;
  const stream = t(`notificationSettings.stream.${link.data.stream}`);
  if (stop.isSuccess) {
    return (
      <>
        <PageTitle>{t('unsubscribe.doneTitle')}</PageTitle>
        <p role="status">{t('unsubscribe.done', { stream })}</p>
        <p>
          <Link to="/settings/notifications">{t('unsubscribe.settingsLink')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('unsubscribe.title')}</PageTitle>
      <p>{t('unsubscribe.question', { stream })}</p>
      <p className="hint">{t('unsubscribe.hint')}</p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          stop.mutate();
        }}
      >
        <FormAlert message={stop.error ? problemMessage(t, stop.error) : undefined} />
        <SubmitButton isPending={stop.isPending}>{t('unsubscribe.button')}</SubmitButton>
      </form>
    </>
  );
}
