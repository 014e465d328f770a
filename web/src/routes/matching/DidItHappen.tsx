import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useAnswerFollowUp, useFollowUpLink } from '../../api/matching.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';

/**
 * A "Did it happen?" email's answer. Opening it changes nothing (a mail scanner that follows
 * links answers nothing): the page asks with the answer the person chose in the email first,
 * and only a button answers. No sign-in is needed: the link is the person helped's own.
 */
export default function DidItHappen() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [search] = useSearchParams();
  const chosen: 'yes' | 'no' = search.get('answer') === 'no' ? 'no' : 'yes';
  const link = useFollowUpLink(token);
  const answer = useAnswerFollowUp(token);
  if (link.isPending) return <p role="status">{t('app.loading')}</p>;
  const isInvalid =
    (link.error instanceof ApiError && link.error.status === 404) ||
    (answer.error instanceof ApiError && answer.error.status === 404);
  if (isInvalid) {
    return (
      <>
        <PageTitle>{t('didItHappen.invalidTitle')}</PageTitle>
        <p>{t('didItHappen.invalid')}</p>
        <p>
          <Link to="/">{t('didItHappen.home')}</Link>
        </p>
      </>
    );
  }
  if (link.isError) return <p role="alert">{problemMessage(t, link.error)}</p>;
  if (answer.isSuccess) {
    return (
      <>
        <PageTitle>{t('didItHappen.thanksTitle')}</PageTitle>
        <p role="status">
          {answer.variables === 'yes' ? t('didItHappen.confirmed') : t('didItHappen.notYet')}
        </p>
        <p>
          <Link to="/">{t('didItHappen.home')}</Link>
        </p>
      </>
    );
  }
  if (link.data.state !== 'waiting') {
    return (
      <>
        <PageTitle>{t('didItHappen.title')}</PageTitle>
        <p role="status">
          {link.data.state === 'confirmed'
            ? t('didItHappen.alreadyConfirmed')
            : t('didItHappen.movedOn')}
        </p>
        <p>
          <Link to="/">{t('didItHappen.home')}</Link>
        </p>
      </>
    );
  }
  const other: 'yes' | 'no' = chosen === 'yes' ? 'no' : 'yes';
  return (
    <>
      <PageTitle>{t('didItHappen.title')}</PageTitle>
      <p>{t('didItHappen.question')}</p>
      <FormAlert message={answer.error ? problemMessage(t, answer.error) : undefined} />
      <p className="hint">{t(`didItHappen.hint.${chosen}`)}</p>
      <div className="actions">
        {[chosen, other].map((value, i) => (
          <button
            key={value}
            type="button"
            className={i === 0 ? 'button primary' : 'button'}
            aria-disabled={answer.isPending || undefined}
            onClick={() => {
              if (!answer.isPending) answer.mutate(value);
            }}
          >
            {t(`didItHappen.answer.${value}`)}
          </button>
        ))}
      </div>
    </>
  );
}
