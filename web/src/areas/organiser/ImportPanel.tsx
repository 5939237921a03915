/**
 * Import a spreadsheet (CSV or .xlsx): first checked (a dry run) with every row's problems listed by
 * line and column in the interface's language, then stored as a whole; both steps show the upload's
 * progress, then the server's work.
 */
import { useState, type FormEvent } from 'react';
import type { Schemas } from '../../api/client.ts';
import { useLanguage, type MessageKey } from '../../i18n/index.tsx';
import { Field, ProblemMessage, ProgressBar } from '../../ui/components.tsx';
import { spreadsheetType, uploadWithProgress } from './upload.ts';

type Report = Schemas['ImportReport'];
type Step = { phase: 'sending' | 'working'; sent: number; total: number };

export function ImportPanel({ url, columns, onStored }: { url: string; columns: readonly string[]; onStored(report: Report): void }) {
  const { t, formatNumber } = useLanguage();
  const [file, setFile] = useState<File | undefined>();
  const [step, setStep] = useState<Step | undefined>();
  const [report, setReport] = useState<Report | undefined>();
  const [error, setError] = useState<unknown>();

  async function send(dryRun: boolean) {
    if (!file) return;
    const type = spreadsheetType(file);
    if (!type) return setError(new Error(t('organiser.import.wrongType')));
    setError(undefined);
    setStep({ phase: 'sending', sent: 0, total: file.size });
    try {
      const answer = await uploadWithProgress<Report>(`${url}${dryRun ? '?dryRun=true' : ''}`, file, type, (sent, total) =>
        setStep({ phase: sent >= total ? 'working' : 'sending', sent, total }),
      );
      setReport(answer);
      if (!dryRun) onStored(answer);
    } catch (err) {
      setError(err);
    } finally {
      setStep(undefined);
    }
  }

  function check(event: FormEvent) {
    event.preventDefault();
    setReport(undefined);
    void send(true);
  }

  const problemText = (p: Report['problems'][number]) => {
    const key = `organiser.problem.${p.code}` as MessageKey;
    const text = t(key, p.params);
    return text === key ? p.message : text;
  };

  return (
    <div className="form">
      <form className="form-row" onSubmit={check}>
        <Field label={t('organiser.import.file')} hint={t('organiser.import.fileHint')}>
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0]);
                setReport(undefined);
                setError(undefined);
              }}
            />
          )}
        </Field>
        <button type="submit" disabled={!file || Boolean(step)}>
          {t('organiser.import.check')}
        </button>
      </form>
      <details>
        <summary>{t('organiser.import.columns')}</summary>
        <p>
          <code>{columns.join(', ')}</code>
        </p>
        <p className="muted">{t('organiser.import.columnsHint')}</p>
      </details>
      <div aria-live="polite">
        {step ? (
          <ProgressBar
            label={t('organiser.import.progress')}
            value={step.phase === 'working' ? step.total : step.sent}
            max={step.total || 1}
            detail={step.phase === 'working' ? t('organiser.import.working') : t('organiser.import.sending', { percent: Math.round((100 * step.sent) / (step.total || 1)) })}
          />
        ) : null}
      </div>
      <ProblemMessage error={error} />
      {report ? (
        <section aria-labelledby="import-report" className="notice">
          <h3 id="import-report">{t('organiser.import.report')}</h3>
          {report.problems.length ? (
            <>
              <p className="field-error" role="alert">
                {t('organiser.import.problems', { rows: formatNumber(report.rows), problems: formatNumber(report.problems.length), lines: formatNumber(new Set(report.problems.map((p) => p.line)).size) })}
              </p>
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">{t('organiser.import.report')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('organiser.import.line')}</th>
                      <th scope="col">{t('organiser.import.column')}</th>
                      <th scope="col">{t('organiser.import.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.problems.map((p, i) => (
                      <tr key={i}>
                        <td>{p.line}</td>
                        <td>
                          <code>{p.column}</code>
                        </td>
                        <td>{problemText(p)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : report.dryRun ? (
            <>
              <p className="ok" role="status">
                {t('organiser.import.clean', { rows: formatNumber(report.rows) })}
              </p>
              <button type="button" className="primary" disabled={Boolean(step)} onClick={() => void send(false)}>
                {t('organiser.import.store', { rows: formatNumber(report.rows) })}
              </button>
            </>
          ) : (
            <p className="ok" role="status">
              {t('organiser.import.stored', { rows: formatNumber(report.stored) })}
            </p>
          )}
        </section>
      ) : null}
    </div>
  );
}
