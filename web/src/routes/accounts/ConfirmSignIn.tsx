import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useConfirmLink } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useHashToken } from './hash-token.ts';
import { RequestLinkForm } from './RequestLinkForm.tsx';

const LINK_PROBLEMS = new Set([
  'link-used',
  'link-expired',
  'link-superseded',
  'link-invalid',
  'account-disabled',
]);

/** The page an emailed link opens. Only pressing the button spends the link (SAFETY 10). */
export default function ConfirmSignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const token = useHashToken();
  const confirm = useConfirmLink();

  const error = confirm.error;
  const linkProblem =
    error instanceof ApiError && LINK_PROBLEMS.has(error.code) ? error.code : undefined;

  if (!token || linkProblem) {
    return (
      <>
        <PageTitle>{t('confirm.title')}</PageTitle>
        <div role="alert" className="alert">
          {linkProblem ? t(`confirm.problems.${linkProblem}`) : t('confirm.missing')}
        </div>
        {linkProblem !== 'account-disabled' ? (
          <section aria-labelledby="new-link-title">
            <h2 id="new-link-title">{t('confirm.newLinkTitle')}</h2>
            <RequestLinkForm />
          </section>
        ) : null}
      </>
    );
  }

  return (
    <>
      <PageTitle>{t('confirm.title')}</PageTitle>
      <p>{t('confirm.body')}</p>
      <FormAlert message={error ? problemMessage(t, error) : undefined} />
      <button
        type="button"
        className="button primary"
        disabled={confirm.isPending}
        onClick={() =>
          confirm.mutate({ token }, { onSuccess: () => navigate('/', { replace: true }) })
        }
      >
        {confirm.isPending ? t('confirm.working') : t('confirm.submit')}
      </button>
    </>
  );
}
