/** Applications for membership: all of them for the secretariat; a city key sees its own and those it is asked about. */
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Loading, Page, Pager, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { APPLICATION_STATES, type ApplicationState } from '../../../../../engine/alliance/applications.ts';
import { useCityName, useFormatDay } from '../shared.tsx';

const LIMIT = 20;

export default function Applications() {
  const { t } = useLanguage();
  const label = useLabel();
  const cityName = useCityName();
  const formatDay = useFormatDay();
  const { principal } = useSession();
  const [state, setState] = useState<ApplicationState | ''>('');
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ['alliance', 'applications', state, offset],
    queryFn: () => unwrap(api.GET('/alliance/applications', { params: { query: { limit: LIMIT, offset, ...(state ? { state } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const mayFile = principal?.role !== 'city' || principal.cityId !== null;
  return (
    <Page
      title={t('alliance.applications.title')}
      actions={
        mayFile ? (
          <Link href="/alliance/applications/new" className="button primary">
            {t('alliance.applications.file')}
          </Link>
        ) : null
      }
    >
      <p className="lead">{principal?.role === 'city' ? t('alliance.applications.leadCity') : t('alliance.applications.lead')}</p>
      <div className="form-row">
        <Field label={t('alliance.applications.state')}>
          {(props) => (
            <select
              {...props}
              value={state}
              onChange={(e) => {
                setState(e.target.value as ApplicationState | '');
                setOffset(0);
              }}
            >
              <option value="">{t('alliance.applications.allStates')}</option>
              {APPLICATION_STATES.map((s) => (
                <option key={s} value={s}>
                  {label('alliance.state', s)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {list.isPending ? <Loading /> : null}
      <ProblemMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.data ? (
        list.data.items.length ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('alliance.applications.city')}</th>
                  <th scope="col">{t('alliance.applications.state')}</th>
                  <th scope="col">{t('alliance.applications.filedOn')}</th>
                  <th scope="col">{t('alliance.applications.answers')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link href={`/alliance/applications/${a.id}`}>{cityName(a.cityId)}</Link>
                    </th>
                    <td>{label('alliance.state', a.state)}</td>
                    <td>{formatDay(a.filedOn)}</td>
                    <td>{a.electorate.length ? t('alliance.applications.answered', { answered: a.votes.length, n: a.electorate.length }) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('alliance.applications.none')}</p>
        )
      ) : null}
      {list.data ? <Pager offset={offset} limit={LIMIT} total={list.data.total} onChange={setOffset} /> : null}
    </Page>
  );
}
