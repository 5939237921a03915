/**
 * An event's participants: the list (remove), adding from the directory (companies, or a city's
 * delegation) and importing a spreadsheet with a row-by-row report.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'wouter';
import { PARTICIPANT_COLUMNS } from '../../../../../engine/imports.ts';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { Field, Loading, ProblemMessage } from '../../../ui/components.tsx';
import { EventPage } from '../EventHeader.tsx';
import { eventKey, participantsKey, useParticipants } from '../eventData.ts';
import { ImportPanel } from '../ImportPanel.tsx';

type Source = 'companies' | 'cities';
interface Candidate {
  id: string;
  name: string;
  where: string;
}

function useDirectorySearch(source: Source, q: string) {
  const { lang } = useLanguage();
  return useQuery({
    queryKey: ['organiser-directory', source, q, lang],
    enabled: q.length > 0,
    queryFn: async (): Promise<Candidate[]> => {
      if (source === 'companies') {
        const page = await unwrap(api.GET('/companies', { params: { query: { q, limit: 10 } } }));
        return page.items.map((c) => ({ id: c.id, name: c.name, where: [c.cityName, c.country].filter(Boolean).join(', ') }));
      }
      const page = await unwrap(api.GET('/cities', { params: { query: { q, limit: 10 } } }));
      return page.items.map((c) => ({ id: c.id, name: c.name[lang] ?? c.name.en, where: c.country }));
    },
  });
}

function DirectoryAdd({ eventId, registered }: { eventId: string; registered: Set<string> }) {
  const { t } = useLanguage();
  const queries = useQueryClient();
  const [source, setSource] = useState<Source>('companies');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const results = useDirectorySearch(source, q);
  const add = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/events/{id}/participants', { params: { path: { id: eventId } }, body: source === 'companies' ? { companyId: id } : { cityId: id, kind: 'delegation' } })),
    onSuccess: () => void queries.invalidateQueries({ queryKey: participantsKey(eventId) }),
  });
  function search(event: FormEvent) {
    event.preventDefault();
    setQ(text.trim());
  }
  return (
    <>
      <form className="form-row" onSubmit={search} role="search" aria-label={t('organiser.participants.fromDirectory')}>
        <Field label={t('organiser.participants.searchIn')}>
          {(props) => (
            <select {...props} value={source} onChange={(e) => setSource(e.target.value as Source)}>
              <option value="companies">{t('organiser.participants.companies')}</option>
              <option value="cities">{t('organiser.participants.cities')}</option>
            </select>
          )}
        </Field>
        <Field label={t('organiser.participants.searchText')}>
          {(props) => <input {...props} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <button type="submit">{t('action.search')}</button>
      </form>
      <ProblemMessage error={add.error ?? results.error} />
      {results.isFetching ? <Loading /> : null}
      {results.data ? (
        results.data.length ? (
          <ul className="plain-list" aria-label={t('organiser.participants.results')}>
            {results.data.map((c) => (
              <li key={c.id}>
                <span>
                  <strong>{c.name}</strong> <span className="muted">{c.where}</span>
                </span>{' '}
                {source === 'companies' && registered.has(c.id) ? (
                  <span className="muted">{t('organiser.participants.already')}</span>
                ) : (
                  <button type="button" disabled={add.isPending} onClick={() => add.mutate(c.id)} aria-label={t('organiser.participants.addNamed', { name: c.name })}>
                    {t('organiser.participants.add')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('organiser.participants.noResults')}</p>
        )
      ) : null}
    </>
  );
}

export default function Participants() {
  const { id = '' } = useParams<{ id: string }>();
  const { t, formatNumber } = useLanguage();
  const queries = useQueryClient();
  const participants = useParticipants(id);
  const remove = useMutation({
    mutationFn: (pid: string) => unwrap(api.DELETE('/events/{id}/participants/{pid}', { params: { path: { id, pid } } })),
    onSuccess: () => void queries.invalidateQueries({ queryKey: participantsKey(id) }),
  });
  const registered = new Set((participants.data ?? []).flatMap((p) => (p.companyId ? [p.companyId] : [])));
  return (
    <EventPage eventId={id} tab={t('eventTab.participants')}>
      {() => (
        <>
          <h2>{t('organiser.participants.list', { n: formatNumber(participants.data?.length ?? 0) })}</h2>
          {participants.isPending ? <Loading /> : null}
          <ProblemMessage error={participants.error ?? remove.error} />
          {participants.data && !participants.data.length ? <p className="notice">{t('organiser.participants.none')}</p> : null}
          {participants.data?.length ? (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('eventTab.participants')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('organiser.form.name')}</th>
                    <th scope="col">{t('organiser.participants.side')}</th>
                    <th scope="col">{t('organiser.participants.kind')}</th>
                    <th scope="col">{t('organiser.participants.languages')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('action.delete')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {participants.data.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{p.name}</th>
                      <td>{t(p.side === 'DE' ? 'country.DE' : 'country.CN')}</td>
                      <td>{t(p.kind === 'company' ? 'organiser.participants.company' : 'organiser.participants.delegation')}</td>
                      <td>{p.languages.join(', ') || '—'}</td>
                      <td>
                        <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate(p.id)} aria-label={t('organiser.participants.removeNamed', { name: p.name })}>
                          {t('organiser.participants.remove')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <h2>{t('organiser.participants.fromDirectory')}</h2>
          <DirectoryAdd eventId={id} registered={registered} />
          <h2>{t('organiser.participants.import')}</h2>
          <ImportPanel
            url={`/events/${encodeURIComponent(id)}/participants/import`}
            columns={PARTICIPANT_COLUMNS}
            onStored={() => {
              void queries.invalidateQueries({ queryKey: participantsKey(id) });
              void queries.invalidateQueries({ queryKey: eventKey(id) });
            }}
          />
        </>
      )}
    </EventPage>
  );
}
