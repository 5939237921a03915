/**
 * The stored reports the key receives (the secretariat: all; a city: its city's and its side's; an
 * organisation: its own and those addressed to it), filtered by kind of scope, and the form that
 * produces one now for a scope, a period and a language.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage, useT, type Lang } from '../../../i18n/index.tsx';
import { Field, fieldError, Loading, Page, Pager, ProblemMessage } from '../../../ui/components.tsx';
import { LangSelect, ReportTabs, SCOPE_KINDS, ScopePicker, scopeOptions, useDay, useLocalName, useScopeChoices, type ScopeKind } from '../shared.tsx';

const PAGE = 20;

export default function Reports() {
  const t = useT();
  return (
    <Page title={t('reports.title')}>
      <ReportTabs />
      <p className="lead">{t('reports.lead')}</p>
      <ProduceReport />
      <ReportList />
    </Page>
  );
}

function ReportList() {
  const t = useT();
  const day = useDay();
  const localName = useLocalName();
  const { lang } = useLanguage();
  const [kind, setKind] = useState<ScopeKind | ''>('');
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ['reports', kind, offset, lang],
    queryFn: ({ signal }) => unwrap(api.GET('/reports', { params: { query: { limit: PAGE, offset, lang, ...(kind ? { scopeKind: kind } : {}) } }, signal })),
  });
  return (
    <section aria-labelledby="stored-reports" className="report-section">
      <h2 id="stored-reports">{t('reports.list.heading')}</h2>
      <div className="form-row">
        <Field label={t('reports.filter.kind')}>
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as ScopeKind | '');
                setOffset(0);
              }}
            >
              <option value="">{t('reports.kind.all')}</option>
              {SCOPE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`reports.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {list.isPending ? <Loading /> : <ProblemMessage error={list.error} />}
      {list.data && list.data.items.length === 0 ? <p className="muted">{t('reports.none')}</p> : null}
      {list.data?.items.length ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reports.col.report')}</th>
                <th scope="col">{t('reports.col.scope')}</th>
                <th scope="col">{t('reports.col.period')}</th>
                <th scope="col">{t('reports.col.origin')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link href={`/reports/${r.id}`}>{r.title}</Link>
                  </th>
                  <td>
                    {t(`reports.kind.${r.scope.kind}`)}: {localName(r.scope.name)}
                  </td>
                  <td>{t('reports.view.period', { from: day(r.period.from), to: day(r.period.to) })}</td>
                  <td>{t(r.scheduleId ? 'reports.origin.schedule' : 'reports.origin.request', { date: day(r.createdAt) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.data ? <Pager offset={offset} limit={PAGE} total={list.data.total} onChange={setOffset} /> : null}
    </section>
  );
}

/** The first and last day of the quarter before today: what a report is most often asked for. */
function lastQuarter(): { from: string; to: string } {
  const now = new Date();
  const firstMonth = Math.floor(now.getUTCMonth() / 3) * 3 - 3;
  const from = new Date(Date.UTC(now.getUTCFullYear(), firstMonth, 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), firstMonth + 3, 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

function ProduceReport() {
  const t = useT();
  const { lang: interfaceLang } = useLanguage();
  const localName = useLocalName();
  const choices = useScopeChoices();
  const queries = useQueryClient();
  const [, navigate] = useLocation();
  const kinds = SCOPE_KINDS.filter((k) => scopeOptions(choices.data, k, localName).length > 0);
  const [kindChosen, setKind] = useState<ScopeKind | undefined>();
  const kind = kindChosen ?? kinds[0];
  const options = kind ? scopeOptions(choices.data, kind, localName) : [];
  const [scopeChosen, setScope] = useState('');
  const scopeId = options.some((o) => o.id === scopeChosen) ? scopeChosen : (options[0]?.id ?? '');
  const [period, setPeriod] = useState(lastQuarter);
  const [langChosen, setLang] = useState<Lang | undefined>();
  const lang = langChosen ?? interfaceLang;
  const produce = useMutation({
    mutationFn: () => unwrap(api.POST('/reports', { body: { scope: { kind: kind!, id: scopeId }, from: period.from, to: period.to, lang } })),
    onSuccess: async (report) => {
      queries.setQueryData(['report', report.id], report);
      await queries.invalidateQueries({ queryKey: ['reports'] });
      navigate(`/reports/${report.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    produce.mutate();
  }
  if (choices.isPending) return <Loading />;
  if (choices.error) return <ProblemMessage error={choices.error} />;
  if (!kind) return <p className="muted">{t('reports.produce.noScope')}</p>;
  const error = produce.error;
  return (
    <section aria-labelledby="produce-report" className="card">
      <h2 id="produce-report">{t('reports.produce.heading')}</h2>
      <form className="form" onSubmit={submit}>
        <div className="form-row">
          <ScopePicker kinds={kinds} kind={kind} onKind={setKind} options={options} scopeId={scopeId} onScope={setScope} error={error} />
        </div>
        <div className="form-row">
          <Field label={t('reports.produce.from')} error={fieldError(error, 'from')}>
            {(props) => <input {...props} type="date" required value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />}
          </Field>
          <Field label={t('reports.produce.to')} error={fieldError(error, 'to')}>
            {(props) => <input {...props} type="date" required value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />}
          </Field>
          <LangSelect label={t('reports.produce.lang')} value={lang} onChange={setLang} error={fieldError(error, 'lang')} />
          <button type="submit" className="primary" disabled={produce.isPending || !scopeId}>
            {produce.isPending ? t('reports.produce.running') : t('reports.produce.submit')}
          </button>
        </div>
        {fieldError(error, 'scope', 'from', 'to', 'lang') ? null : <ProblemMessage error={error} />}
      </form>
    </section>
  );
}
