/** The events the subject takes part in (GET /companies/{id}/events), each leading to its wishes, requests and agenda. */
import { Link } from 'wouter';
import { useLanguage } from '../../../i18n/index.tsx';
import { Loading, ProblemMessage } from '../../../ui/components.tsx';
import { SubjectPage, useParticipations, useSubject } from '../parts.tsx';

export default function Events() {
  const { t } = useLanguage();
  const subject = useSubject();
  const participations = useParticipations(subject);
  return (
    <SubjectPage subject={subject} title={t('company.events.title')}>
      <ProblemMessage error={participations.error} />
      {participations.isPending ? <Loading /> : null}
      {participations.data && participations.data.items.length === 0 ? <p className="muted">{t('company.events.none')}</p> : null}
      {participations.data && participations.data.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('company.events.event')}</th>
              <th scope="col">{t('company.events.days')}</th>
              <th scope="col">{t('company.events.venue')}</th>
              <th scope="col">{t('company.events.as')}</th>
            </tr>
          </thead>
          <tbody>
            {participations.data.items.map(({ event, participant }) => (
              <tr key={`${event.id}:${participant.id}`}>
                <th scope="row">
                  <Link href={`${subject.base}/events/${encodeURIComponent(event.id)}`}>{event.name}</Link>
                </th>
                <td>{event.days.map((d) => d.date).join(', ')}</td>
                <td>{event.venue ?? ''}</td>
                <td>{participant.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </SubjectPage>
  );
}
