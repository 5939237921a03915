import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import type { Role } from '../../../session/session.tsx';
import { Field, fieldError, Loading, Page, Pager, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { useAllCities } from '../lookups.ts';
import { nameIn } from '../text.tsx';
import '../everyone.css';

const ROLES: Role[] = ['company', 'city', 'organiser', 'analyst', 'secretariat', 'admin'];
const PAGE = 50;

/** The admin's keys: issue one for a company, city, organiser or analyst (the secret shown once), list, revoke. */
export default function Keys() {
  const t = useT();
  const [issued, setIssued] = useState<Schemas['IssuedApiKey']>();
  return (
    <Page title={t('everyone.keys.title')}>
      <p className="lead">{t('everyone.keys.intro')}</p>
      <h2>{t('everyone.keys.issue')}</h2>
      <IssueForm onIssued={setIssued} />
      {issued ? <IssuedSecret issued={issued} /> : null}
      <h2>{t('everyone.keys.list')}</h2>
      <KeyList />
    </Page>
  );
}

function IssueForm({ onIssued }: { onIssued(key: Schemas['IssuedApiKey']): void }) {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const queries = useQueryClient();
  const cities = useAllCities();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('company');
  const [companyText, setCompanyText] = useState('');
  const [companyId, setCompanyId] = useState('');
  const [cityId, setCityId] = useState('');
  const companies = useQuery({
    queryKey: ['companies', 'pick', companyText],
    queryFn: () => unwrap(api.GET('/companies', { params: { query: { limit: 20, ...(companyText.trim() ? { q: companyText.trim() } : {}) } } })),
    enabled: role === 'company',
    placeholderData: keepPreviousData,
  });
  const issue = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/keys', {
          body: { name: name.trim(), role, ...(role === 'company' && companyId ? { companyId } : {}), ...(role === 'city' && cityId ? { cityId } : {}) },
        }),
      ),
    onSuccess: (key) => {
      onIssued(key);
      setName('');
      void queries.invalidateQueries({ queryKey: ['keys'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    issue.mutate();
  }

  return (
    <form className="form narrow" onSubmit={submit}>
      <Field label={t('everyone.keys.name')} error={fieldError(issue.error, 'name')}>
        {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('everyone.keys.role')} error={fieldError(issue.error, 'role')}>
        {(props) => (
          <select {...props} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {label('role', r)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {role === 'company' ? (
        <>
          <Field label={t('everyone.keys.company')} hint={t('everyone.keys.companyHint')}>
            {(props) => <input {...props} type="search" value={companyText} onChange={(e) => setCompanyText(e.target.value)} />}
          </Field>
          <Field label={t('everyone.keys.chooseCompany')} error={fieldError(issue.error, 'companyId')}>
            {(props) => (
              <select {...props} required value={companyId} onChange={(e) => setCompanyId(e.target.value)}>
                <option value="">—</option>
                {(companies.data?.items ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.cityNames ? ` (${nameIn(c.cityNames, lang)})` : c.cityName ? ` (${c.cityName})` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      ) : null}
      {role === 'city' ? (
        <Field label={t('everyone.keys.city')} error={fieldError(issue.error, 'cityId')}>
          {(props) => (
            <select {...props} required value={cityId} onChange={(e) => setCityId(e.target.value)}>
              <option value="">—</option>
              {(cities.data?.items ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {nameIn(c.name, lang)} ({label('country', c.country)})
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {issue.error && !fieldError(issue.error, 'name', 'role', 'companyId', 'cityId') ? <ProblemMessage error={issue.error} /> : null}
      <div>
        <button type="submit" className="primary" disabled={issue.isPending}>
          {t('everyone.keys.submit')}
        </button>
      </div>
    </form>
  );
}

/** The new key's secret, this once, with a copy button. */
function IssuedSecret({ issued }: { issued: Schemas['IssuedApiKey'] }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(issued.secret).then(
      () => setCopied(true),
      () => {
        // Without clipboard access (an insecure origin, a denied permission) the text is selected to copy by hand.
        const node = document.getElementById('issued-secret');
        if (node) window.getSelection()?.selectAllChildren(node);
      },
    );
  }
  return (
    <div className="notice" role="status" aria-live="polite">
      <p>{t('everyone.keys.issued', { name: issued.name })}</p>
      <p>
        <strong>{t('everyone.keys.secret')}:</strong>{' '}
        <code id="issued-secret" className="secret">
          {issued.secret}
        </code>{' '}
        <button type="button" onClick={() => void copy()}>
          {t('everyone.keys.copy')}
        </button>{' '}
        {copied ? <span className="ok">{t('everyone.keys.copied')}</span> : null}
      </p>
    </div>
  );
}

function KeyList() {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const queries = useQueryClient();
  const cities = useAllCities();
  const [offset, setOffset] = useState(0);
  const [confirming, setConfirming] = useState<string>();
  const keys = useQuery({ queryKey: ['keys', offset], queryFn: () => unwrap(api.GET('/keys', { params: { query: { limit: PAGE, offset } } })), placeholderData: keepPreviousData });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/keys/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setConfirming(undefined);
      void queries.invalidateQueries({ queryKey: ['keys'] });
    },
  });
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : lang) : t('everyone.keys.never'));
  const cityName = (id: string) => {
    const city = cities.data?.items.find((c) => c.id === id);
    return city ? nameIn(city.name, lang) : id;
  };

  if (keys.isPending) return <Loading />;
  if (keys.error) return <ProblemMessage error={keys.error} />;
  return (
    <>
      <ProblemMessage error={revoke.error} />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('everyone.keys.name')}</th>
              <th scope="col">{t('everyone.keys.role')}</th>
              <th scope="col">{t('everyone.keys.boundTo')}</th>
              <th scope="col">{t('everyone.keys.prefix')}</th>
              <th scope="col">{t('everyone.keys.created')}</th>
              <th scope="col">{t('everyone.keys.lastUsed')}</th>
              <th scope="col">{t('everyone.keys.state')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th>
                <td>{label('role', k.role)}</td>
                <td>
                  {k.companyId ? <Link href={`/companies/${k.companyId}`}>{k.companyId}</Link> : k.cityId ? <Link href={`/cities/${k.cityId}`}>{cityName(k.cityId)}</Link> : ''}
                </td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{date(k.createdAt)}</td>
                <td>{date(k.lastUsedAt)}</td>
                <td>
                  {k.revokedAt ? (
                    t('everyone.keys.revoked', { date: date(k.revokedAt) })
                  ) : confirming === k.id ? (
                    <span role="group" aria-label={t('everyone.keys.revokeConfirm', { name: k.name })}>
                      {t('everyone.keys.revokeConfirm', { name: k.name })}{' '}
                      <button type="button" className="danger" onClick={() => revoke.mutate(k.id)} disabled={revoke.isPending}>
                        {t('everyone.keys.revoke')}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirming(undefined)}>
                        {t('action.cancel')}
                      </button>
                    </span>
                  ) : (
                    <>
                      {t('everyone.keys.active')}{' '}
                      <button type="button" onClick={() => setConfirming(k.id)} aria-label={`${t('everyone.keys.revoke')}: ${k.name}`}>
                        {t('everyone.keys.revoke')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} limit={PAGE} total={keys.data.total} onChange={setOffset} />
    </>
  );
}
