import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { Loading, Page, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { StatusBadge, StatusFields, useMayKeep, useSourceLabel, type Project, type StatusValue } from '../parts.tsx';

const FINAL = ['completed', 'abandoned'];

/** A project: its facts, parties (linked to their pages), the dated status timeline with its sources, what led to it. */
export default function ProjectDetail() {
  const t = useT();
  const { lang } = useLanguage();
  const { id } = useParams<{ id: string }>();
  const project = useQuery({ queryKey: ['projects', id, lang], queryFn: () => unwrap(api.GET('/projects/{id}', { params: { path: { id }, query: { lang } } })) });
  if (project.error) return <Page title={t('projects.list.title')}><ProblemMessage error={project.error} /></Page>;
  if (!project.data) return <Loading />;
  return <ProjectView project={project.data} />;
}

function ProjectView({ project }: { project: Project }) {
  const t = useT();
  const label = useLabel();
  const { formatNumber } = useLanguage();
  const source = useSourceLabel();
  const mayKeep = useMayKeep()(project.parties);
  return (
    <Page
      title={project.title}
      actions={
        <>
          <Link href="/projects" className="button">
            {t('projects.detail.back')}
          </Link>
          {mayKeep ? (
            <Link href={`/projects/${project.id}/edit`} className="button">
              {t('projects.detail.edit')}
            </Link>
          ) : null}
        </>
      }
    >
      {project.summary ? <p>{project.summary}</p> : null}
      <h2>{t('projects.detail.facts')}</h2>
      <dl className="project-facts">
        <dt>{t('projects.detail.status')}</dt>
        <dd>
          <StatusBadge status={project.status} /> {project.statusDate}
        </dd>
        <dt>{t('projects.detail.type')}</dt>
        <dd>{label('projects.type', project.type)}</dd>
        <dt>{t('projects.detail.sectors')}</dt>
        <dd>{project.sectors.map((s) => `${s.code} ${s.label}`).join('; ') || '–'}</dd>
        <dt>{t('projects.detail.volume')}</dt>
        <dd>{project.volume ? `${formatNumber(project.volume.amount)} ${project.volume.currency}${project.volume.asWritten ? ` (${project.volume.asWritten})` : ''}` : t('projects.detail.noVolume')}</dd>
      </dl>

      <h2>{t('projects.detail.parties')}</h2>
      <div className="table-scroll">
        <table>
          <caption className="muted">{t('projects.detail.partiesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('projects.col.parties')}</th>
              <th scope="col">{t('projects.form.partyKind')}</th>
              <th scope="col">{t('projects.filter.country')}</th>
              <th scope="col">{t('projects.form.partyRole')}</th>
            </tr>
          </thead>
          <tbody>
            {project.parties.map((p, i) => (
              <tr key={i}>
                <th scope="row">{p.id && p.kind !== 'organisation' ? <Link href={`/${p.kind === 'city' ? 'cities' : 'companies'}/${p.id}`}>{p.name}</Link> : p.name}</th>
                <td>{label('projects.kind', p.kind)}</td>
                <td>{label('country', p.country)}</td>
                <td>{label('projects.role', p.role)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('projects.detail.history')}</h2>
      <ol className="timeline">
        {project.history.map((e) => (
          <li key={e.seq}>
            <strong>{t('projects.entry', { status: label('projects.status', e.status), date: e.date })}</strong> <span className="source-label">{source(e)}</span>
            {e.quote ? <blockquote lang="de">„{e.quote}“</blockquote> : null}
            {e.note ? <p className="muted">{e.note}</p> : null}
          </li>
        ))}
      </ol>
      {mayKeep ? <StatusForm project={project} /> : null}

      {project.links.length ? (
        <>
          <h2>{t('projects.detail.links')}</h2>
          <ul>
            {project.links.map((l) => (
              <li key={`${l.kind}:${l.refId}`}>
                {label('projects.link', l.kind)}: <code>{l.refId}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {project.sources.length ? (
        <>
          <h2>{t('projects.detail.sources')}</h2>
          <ul className="project-sources">
            {project.sources.map((s, i) => (
              <li key={i}>
                <span className="source-label">{source(s)}</span>
                {s.quote ? <blockquote lang="de">„{s.quote}“</blockquote> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

/** Appends a dated status entry; the API's rules (dates in order, reopening with a note) come back as field messages. */
function StatusForm({ project }: { project: Project }) {
  const t = useT();
  const label = useLabel();
  const queries = useQueryClient();
  const [value, setValue] = useState<StatusValue>({ status: project.status, date: '', note: '', quote: '' });
  const [reopen, setReopen] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/projects/{id}/status', {
          params: { path: { id: project.id } },
          body: { status: value.status, date: value.date, note: value.note.trim() || null, quote: value.quote.trim() || null, reopen },
        }),
      ),
    onSuccess: async () => {
      setValue({ ...value, date: '', note: '', quote: '' });
      setReopen(false);
      await queries.invalidateQueries({ queryKey: ['projects'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form className="project-form" onSubmit={submit} aria-labelledby="status-form-heading" noValidate>
      <h3 id="status-form-heading">{t('projects.status.heading')}</h3>
      <ProblemMessage error={save.error} />
      <StatusFields value={value} onChange={setValue} error={save.error} prefix="" />
      {FINAL.includes(project.status) ? (
        <label className="checkbox">
          <input type="checkbox" checked={reopen} onChange={(e) => setReopen(e.target.checked)} /> {t('projects.status.reopen', { status: label('projects.status', project.status) })}
        </label>
      ) : null}
      <div className="form-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? t('state.saving') : t('projects.status.submit')}
        </button>
        {save.isSuccess ? (
          <span role="status" className="muted">
            {t('projects.status.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
