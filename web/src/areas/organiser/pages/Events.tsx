/** The organiser's events, newest first, with the way to a new one. */
import '../organiser.css';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { Loading, Page, Pager, ProblemMessage } from '../../../ui/components.tsx';

const LIMIT = 20;

export default function Events() {
  const { t, formatNumber } = useLanguage();
  const [offset, setOffset] = useState(0);
  const events = useQuery({ queryKey: ['events', offset], queryFn: () => unwrap(api.GET('/events', { params: { query: { limit: LIMIT, offset } } })) });
  return (
    <Page
      title={t('organiser.events.title')}
      actions={
        <Link href="/events/new" className="button primary">
          {t('organiser.events.new')}
        </Link>
      }
    >
      {events.isPending ? <Loading /> : null}
      <ProblemMessage error={events.error} onRetry={() => void events.refetch()} />
      {events.data && !events.data.items.length ? <p className="notice">{t('organiser.events.none')}</p> : null}
      {events.data?.items.length ? (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('organiser.events.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organiser.form.name')}</th>
                <th scope="col">{t('organiser.events.dates')}</th>
                <th scope="col">{t('organiser.form.venue')}</th>
                <th scope="col">{t('organiser.events.slots')}</th>
                <th scope="col">{t('organiser.events.tables')}</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((event) => (
                <tr key={event.id}>
                  <th scope="row">
                    <Link href={`/events/${encodeURIComponent(event.id)}`}>{event.name}</Link>
                  </th>
                  <td>{event.days.map((d) => d.date).join(', ')}</td>
                  <td>{event.venue ?? '—'}</td>
                  <td>{formatNumber(event.slotCount)}</td>
                  <td>{formatNumber(event.tables.length)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {events.data ? <Pager offset={offset} limit={LIMIT} total={events.data.total} onChange={setOffset} /> : null}
    </Page>
  );
}
