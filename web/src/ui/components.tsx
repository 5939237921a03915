/** The small parts every page is built from: a titled page, loading and problem states, fields, progress. */
import { useEffect, useId, type ReactNode } from 'react';
import { ApiProblem } from '../api/client.ts';
import { useLanguage, useT, type MessageKey } from '../i18n/index.tsx';

/** A page: its <h1>, the document title, and the content. */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} · ${t('app.title')}`;
  }, [title, t]);
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{title}</h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t('state.loading')}
    </p>
  );
}

/** A refused or failed request, with the server's field messages when it named fields. */
export function ProblemMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  const fields = problem ? Object.entries(problem.fieldMessages) : [];
  return (
    <div className="problem" role="alert">
      <strong>{problem ? t('problem.title') : t('state.error', { detail: '' })}</strong>
      <p>{problem ? problem.problem.detail : error instanceof Error ? error.message : String(error)}</p>
      {fields.length > 1 ? (
        <ul>
          {fields.map(([field, message]) => (
            <li key={field}>{t('problem.field', { field, detail: message })}</li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** The server's message for one field of a form (matched by the problem's field path). */
export function fieldError(error: unknown, ...fields: string[]): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const messages = error.fieldMessages;
  for (const [path, message] of Object.entries(messages)) {
    if (fields.some((field) => path === field || path === `body.${field}` || path.startsWith(`${field}.`) || path.startsWith(`body.${field}.`))) return message;
  }
  return undefined;
}

/** A labelled form field; its message (from the server) is tied to the input for screen readers. */
export function Field({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: string; children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </div>
  );
}

/** A progress bar that screen readers announce; value and max are counts or a fraction of 1. */
export function ProgressBar({ value, max = 1, label, detail }: { value: number; max?: number; label: string; detail?: string }) {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        <span>{detail ?? `${Math.round(share * 100)} %`}</span>
      </div>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-valuetext={detail}>
        <div className="progress-fill" style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

/** Previous/next over an offset-paged list. */
export function Pager({ offset, limit, total, onChange }: { offset: number; limit: number; total: number; onChange(offset: number): void }) {
  const t = useT();
  if (total <= limit && offset === 0) return null;
  return (
    <nav className="pager" aria-label={t('pager.range', { from: offset + 1, to: Math.min(total, offset + limit), total })}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('pager.previous')}
      </button>
      <span>{t('pager.range', { from: total === 0 ? 0 : offset + 1, to: Math.min(total, offset + limit), total })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}

/**
 * A translated label looked up by a key built from data (a role, a status), with the raw value as
 * fallback; countries by their name in the chosen language, whichever country it is.
 */
export function useLabel(): (prefix: string, value: string) => string {
  const { t, countryName } = useLanguage();
  return (prefix, value) => {
    if (prefix === 'country') return countryName(value);
    const key = `${prefix}.${value}` as MessageKey;
    const label = t(key);
    return label === key ? value : label;
  };
}
