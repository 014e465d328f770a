import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { TImportReport } from '../../../../common/groups.ts';
import { useMe } from '../../api/accounts.ts';
import { runImport } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert, SubmitButton, TextField } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';

const MAX_BYTES = 20_000_000;
const ERRORS_SHOWN = 200;

type Stage =
  | { step: 'choose' }
  | { step: 'checking' | 'importing'; done: number; total: number }
  | { step: 'previewed'; report: TImportReport }
  | { step: 'imported'; report: TImportReport };

/** Import groups from CSV, JSON or GeoJSON: a checked preview first, then the import with progress. */
export default function ImportGroups() {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  const fileId = useId();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [network, setNetwork] = useState(params.get('network') ?? '');
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | undefined>();

  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace />;

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setStage({ step: dryRun ? 'checking' : 'importing', done: 0, total: 0 });
    try {
      const report = await runImport(
        { content: file.content, fileName: file.name, dryRun, ...(network ? { network } : {}) },
        (progress) => setStage({ step: dryRun ? 'checking' : 'importing', ...progress }),
      );
      setStage({ step: dryRun ? 'previewed' : 'imported', report });
    } catch (caught) {
      setError(caught);
      setStage({ step: 'choose' });
    }
  };

  const onChooseFile = async (input: HTMLInputElement) => {
    const chosen = input.files?.[0];
    setStage({ step: 'choose' });
    setFile(null);
    setFileError(undefined);
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setFileError(t('import.tooLarge'));
      return;
    }
    setFile({ name: chosen.name, content: await chosen.text() });
  };

  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError(t('import.chooseFirst'));
      document.getElementById(fileId)?.focus();
      return;
    }
    void run(true);
  };

  const busy = stage.step === 'checking' || stage.step === 'importing';
  return (
    <>
      <PageTitle>{t('import.title')}</PageTitle>
      <p>{t('import.intro')}</p>
      <p className="hint">{t('import.columns')}</p>
      <form onSubmit={onPreview} noValidate className="form">
        <FormAlert message={error ? problemMessage(t, error) : undefined} />
        <div className="field">
          <label htmlFor={fileId}>{t('import.file')}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,.json,.geojson,text/csv,application/json,application/geo+json"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${fileId}-error` : undefined}
            onChange={(event) => void onChooseFile(event.currentTarget)}
          />
          {fileError ? (
            <p id={`${fileId}-error`} className="field-error">
              {fileError}
            </p>
          ) : null}
        </div>
        <TextField
          name="network"
          label={t('import.network')}
          description={t('import.networkHint')}
          value={network}
          onValueChange={setNetwork}
        />
        <SubmitButton isPending={busy}>{t('import.preview')}</SubmitButton>
      </form>

      {busy ? (
        <div className="progress-block">
          <label htmlFor="import-progress">
            {stage.step === 'checking' ? t('import.checking') : t('import.importing')}
          </label>
          <progress
            id="import-progress"
            max={stage.total || 1}
            value={stage.total ? stage.done : undefined}
          />
          <p role="status">
            {stage.total ? t('import.progress', { done: stage.done, total: stage.total }) : null}
          </p>
        </div>
      ) : null}

      {stage.step === 'previewed' || stage.step === 'imported' ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title" tabIndex={-1}>
            {stage.step === 'previewed' ? t('import.previewTitle') : t('import.doneTitle')}
          </h2>
          <p role="status">
            {t(stage.step === 'previewed' ? 'import.previewSummary' : 'import.summary', {
              created: stage.report.created,
              updated: stage.report.updated,
              unchanged: stage.report.unchanged,
              failed: stage.report.failed,
              total: stage.report.total,
            })}
          </p>
          {stage.report.errors.length > 0 ? (
            <table className="report">
              <caption>{t('import.errorsCaption', { count: stage.report.failed })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.row')}</th>
                  <th scope="col">{t('import.field')}</th>
                  <th scope="col">{t('import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {stage.report.errors.slice(0, ERRORS_SHOWN).map((e) => (
                  <tr key={`${e.row}-${e.field}`}>
                    <td>{e.row}</td>
                    <td>{e.field}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {stage.step === 'previewed' ? (
            <p className="actions">
              <button type="button" className="button primary" onClick={() => void run(false)}>
                {t('import.confirm', { count: stage.report.created + stage.report.updated })}
              </button>
            </p>
          ) : (
            <p>
              <Link to={network ? `/groups/${network}` : '/groups'}>{t('import.see')}</Link>
            </p>
          )}
        </section>
      ) : null}
    </>
  );
}
