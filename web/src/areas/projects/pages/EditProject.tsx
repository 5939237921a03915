import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { Loading, Page, ProblemMessage } from '../../../ui/components.tsx';
import { ProjectForm } from '../parts.tsx';

/** A project's fields and parties changed; its status changes on the project's page, as dated entries. */
export default function EditProject() {
  const t = useT();
  const { lang } = useLanguage();
  const [, navigate] = useLocation();
  const { id } = useParams<{ id: string }>();
  const project = useQuery({ queryKey: ['projects', id, lang], queryFn: () => unwrap(api.GET('/projects/{id}', { params: { path: { id }, query: { lang } } })) });
  if (project.error) return <Page title={t('projects.list.title')}><ProblemMessage error={project.error} /></Page>;
  if (!project.data) return <Loading />;
  const p = project.data;
  const last = p.history[p.history.length - 1]!;
  return (
    <Page title={t('projects.form.editTitle', { title: p.title })}>
      <ProjectForm
        projectId={p.id}
        initial={{
          title: p.titles,
          summary: p.summaries,
          type: p.type,
          naceCodes: p.naceCodes,
          volume: p.volume ? { amount: p.volume.amount, currency: p.volume.currency, asWritten: p.volume.asWritten } : null,
          parties: p.parties.map((x) => (x.kind === 'organisation' ? { kind: x.kind, id: null, name: x.name, country: x.country, role: x.role } : { kind: x.kind, id: x.id, role: x.role })),
          status: { status: last.status, date: last.date, note: null, quote: null },
          links: [],
        }}
        onSaved={() => navigate(`/projects/${p.id}`)}
      />
    </Page>
  );
}
