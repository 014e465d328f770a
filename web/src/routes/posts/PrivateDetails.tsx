import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../api/messages.ts';
import { usePrivateRecord } from '../../api/posts.ts';
import { FormAlert } from '../../components/Form.tsx';

/** An ask's private details: fetched only when asked for, since each read is recorded. */
export function PrivateDetails({ id }: { id: string }) {
  const { t } = useTranslation();
  const record = usePrivateRecord(id);
  return (
    <section aria-labelledby="private-title" className="private">
      <h2 id="private-title">{t('posts.page.privateTitle')}</h2>
      <p className="hint">{t('posts.page.privateHint')}</p>
      {!record.data ? (
        <button type="button" className="button" onClick={() => record.mutate()}>
          {t('posts.page.showPrivate')}
        </button>
      ) : (
        <dl className="facts">
          {(
            [
              ['neighbourName', record.data.neighbourName],
              ['address', record.data.address],
              ['phone', record.data.phone],
              ['accessNotes', record.data.accessNotes],
              ['contactPreference', record.data.contactPreference],
            ] as const
          )
            .filter(([, value]) => value)
            .map(([field, value]) => (
              <div key={field}>
                <dt>{t(`posts.page.privateFields.${field}`)}</dt>
                <dd className="pre-line">{value}</dd>
              </div>
            ))}
        </dl>
      )}
      <FormAlert message={record.error ? problemMessage(t, record.error) : undefined} />
    </section>
  );
}
