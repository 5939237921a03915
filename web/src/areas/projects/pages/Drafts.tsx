import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { Field, Loading, Page, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { ProjectForm } from '../parts.tsx';

type Draft = Awaited<ReturnType<typeof loadDrafts>>['items'][number];

const loadDrafts = (eventId: string, lang: 'de' | 'en' | 'zh') => unwrap(api.GET('/projects/drafts', { params: { query: { eventId, lang, limit: 200 } } }));

/** An event's agreement outcomes, each offering a pre-filled project to check and confirm. */
export default function Drafts() {
  const t = useT();
  const { lang } = useLanguage();
  const [params, setParams] = useSearchParams();
  const eventId = params.get('event') ?? '';
  const events = useQuery({ queryKey: ['events', 'mine'], queryFn: () => unwrap(api.GET('/events', { params: { query: { limit: 200 } } })) });
  const drafts = useQuery({
    queryKey: ['projects', 'drafts', eventId, lang],
    queryFn: () => loadDrafts(eventId, lang),
    enabled: !!eventId,
  });
  return (
    <Page title={t('projects.drafts.title')}>
      <p>{t('projects.drafts.intro')}</p>
      <Field label={t('projects.drafts.event')}>
        {(props) => (
          <select {...props} value={eventId} onChange={(e) => setParams(e.target.value ? { event: e.target.value } : {})}>
            <option value="">{t('projects.drafts.choose')}</option>
            {(events.data?.items ?? []).map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ProblemMessage error={events.error ?? drafts.error} />
      {eventId && !drafts.data && !drafts.error ? <Loading /> : null}
      {drafts.data ? (
        drafts.data.items.length ? (
          <ul className="drafts">
            {drafts.data.items.map((d) => (
              <DraftItem key={`${d.outcome.participantId}/${d.outcome.partnerId}`} draft={d} />
            ))}
          </ul>
        ) : (
          <p>{t('projects.drafts.none')}</p>
        )
      ) : null}
    </Page>
  );
}

function DraftItem({ draft }: { draft: Draft }) {
  const t = useT();
  const label = useLabel();
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const [a, b] = draft.project.parties;
  return (
    <li>
      <p>{t('projects.drafts.agreement', { a: a?.name ?? '', b: b?.name ?? '', type: label('projects.type', draft.project.type), date: draft.outcome.date })}</p>
      {draft.existingProjectId ? (
        <p>
          {t('projects.drafts.exists')} <Link href={`/projects/${draft.existingProjectId}`}>{draft.existingProjectId}</Link>
        </p>
      ) : open ? (
        <section aria-label={t('projects.drafts.confirm')}>
          <h2>{t('projects.drafts.confirm')}</h2>
          <ProjectForm initial={{ ...draft.project, volume: null }} onSaved={(project) => navigate(`/projects/${project.id}`)} />
        </section>
      ) : (
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          {t('projects.drafts.use')}
        </button>
      )}
    </li>
  );
}
