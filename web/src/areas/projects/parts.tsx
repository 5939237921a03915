/** What the projects pages share: the types, the labels, who may keep a project, and the project form. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client.ts';
import { useLanguage, useT } from '../../i18n/index.tsx';
import { useSession } from '../../session/session.tsx';
import { Field, ProblemMessage, fieldError, useLabel } from '../../ui/components.tsx';
import './projects.css';

export type Project = Schemas['Project'];
export type ProjectInput = Schemas['ProjectInput'];
type Party = ProjectInput['parties'][number];

export const STATUSES = ['idea', 'negotiation', 'agreed', 'running', 'completed', 'abandoned'] as const;
export const TYPES = ['investment', 'joint-venture', 'settlement', 'distribution', 'licensing', 'research', 'training', 'trade-fair', 'sourcing', 'production', 'representation', 'other'] as const;
const KINDS = ['company', 'city', 'organisation'] as const;
const ROLES = ['investor', 'host', 'partner', 'supporter'] as const;

/** May the signed-in key record changes to a project with these parties? (The API decides; this only hides what it would refuse.) */
export function useMayKeep(): (parties: readonly { kind: string; id: string | null }[]) => boolean {
  const { principal } = useSession();
  return (parties) => {
    if (!principal) return false;
    if (principal.role === 'admin' || principal.role === 'secretariat' || principal.role === 'organiser') return true;
    if (principal.role === 'city') return parties.some((p) => p.kind === 'city' && p.id === principal.cityId);
    if (principal.role === 'company') return parties.some((p) => p.kind === 'company' && p.id === principal.companyId);
    return false;
  };
}

/** "seed 004 L491", "curated" or who recorded it, in the interface's language. */
export function useSourceLabel(): (entry: { provenance: string; citation: { file: string; line: number } | null; recordedBy?: string }) => string {
  const t = useT();
  return (entry) => {
    if (entry.citation) return t('projects.source.seed', { file: entry.citation.file, line: entry.citation.line });
    if (entry.provenance === 'curated') return t('projects.source.curated');
    return t('projects.source.user', { name: entry.recordedBy ?? entry.provenance });
  };
}

export function StatusBadge({ status }: { status: string }) {
  const label = useLabel();
  return <span className={`project-status project-status-${status}`}>{label('projects.status', status)}</span>;
}

/** A project's form: a new one (with its first status, maybe pre-filled from a draft) or a change of one. */
export function ProjectForm({ initial, projectId, onSaved }: { initial: ProjectInput; projectId?: string; onSaved(project: Project): void }) {
  const t = useT();
  const label = useLabel();
  const { lang } = useLanguage();
  const queries = useQueryClient();
  const [title, setTitle] = useState({ de: initial.title.de ?? '', en: initial.title.en ?? '', zh: initial.title.zh ?? '' });
  const [summary, setSummary] = useState(initial.summary?.[lang] ?? '');
  const [type, setType] = useState(initial.type);
  const [nace, setNace] = useState((initial.naceCodes ?? []).join(', '));
  const [parties, setParties] = useState<Party[]>(initial.parties);
  const [volume, setVolume] = useState({ amount: initial.volume ? String(initial.volume.amount) : '', currency: initial.volume?.currency ?? 'EUR', asWritten: initial.volume?.asWritten ?? '' });
  const [status, setStatus] = useState({ status: initial.status.status, date: initial.status.date, note: initial.status.note ?? '', quote: initial.status.quote ?? '' });

  const save = useMutation({
    mutationFn: async () => {
      const titles = Object.fromEntries(Object.entries(title).filter(([, v]) => v.trim()));
      const fields = {
        title: titles,
        summary: { ...(initial.summary ?? {}), ...(summary.trim() ? { [lang]: summary.trim() } : {}) },
        type,
        naceCodes: nace.split(',').map((c) => c.trim()).filter(Boolean),
        parties: parties.map((p) => (p.kind === 'organisation' ? { kind: p.kind, role: p.role, name: p.name, country: p.country, id: null } : { kind: p.kind, role: p.role, id: p.id })),
        volume: volume.amount.trim() ? { amount: Number(volume.amount), currency: volume.currency.trim().toUpperCase(), asWritten: volume.asWritten.trim() || null } : null,
      };
      if (projectId) return unwrap(api.PATCH('/projects/{id}', { params: { path: { id: projectId } }, body: fields }));
      return unwrap(api.POST('/projects', { body: { ...fields, links: initial.links ?? [], status: { status: status.status, date: status.date, note: status.note.trim() || null, quote: status.quote.trim() || null } } }));
    },
    onSuccess: async (project) => {
      await queries.invalidateQueries({ queryKey: ['projects'] });
      onSaved(project);
    },
  });
  const error = save.error;
  const setParty = (i: number, change: Partial<Party>) => setParties((all) => all.map((p, j) => (j === i ? { ...p, ...change } : p)));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form className="project-form" onSubmit={submit} noValidate>
      <ProblemMessage error={error} />
      <fieldset className="form">
        <legend>{t('projects.detail.facts')}</legend>
        <Field label={t('projects.form.titleDe')} error={fieldError(error, 'title')}>{(props) => <input {...props} value={title.de} onChange={(e) => setTitle({ ...title, de: e.target.value })} />}</Field>
        <Field label={t('projects.form.titleEn')}>{(props) => <input {...props} value={title.en} onChange={(e) => setTitle({ ...title, en: e.target.value })} />}</Field>
        <Field label={t('projects.form.titleZh')}>{(props) => <input {...props} value={title.zh} onChange={(e) => setTitle({ ...title, zh: e.target.value })} />}</Field>
        <Field label={t('projects.form.summary')} error={fieldError(error, 'summary')}>{(props) => <textarea {...props} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />}</Field>
        <Field label={t('projects.form.type')} error={fieldError(error, 'type')}>
          {(props) => (
            <select {...props} value={type} onChange={(e) => setType(e.target.value as ProjectInput['type'])}>
              {TYPES.map((x) => (
                <option key={x} value={x}>
                  {label('projects.type', x)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('projects.form.nace')} error={fieldError(error, 'naceCodes')}>{(props) => <input {...props} value={nace} onChange={(e) => setNace(e.target.value)} />}</Field>
      </fieldset>

      <fieldset className="form">
        <legend>{t('projects.form.parties')}</legend>
        {parties.map((party, i) => (
          <fieldset key={i} className="form project-party">
            <legend>{t('projects.form.party', { n: i + 1 })}</legend>
            <Field label={t('projects.form.partyKind')} error={fieldError(error, `parties.${i}.kind`)}>
              {(props) => (
                <select {...props} value={party.kind} onChange={(e) => setParty(i, { kind: e.target.value as Party['kind'] })}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {label('projects.kind', k)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {party.kind === 'organisation' ? (
              <>
                <Field label={t('projects.form.partyName')} error={fieldError(error, `parties.${i}.name`)}>{(props) => <input {...props} value={party.name ?? ''} onChange={(e) => setParty(i, { name: e.target.value })} />}</Field>
                <Field label={t('projects.form.partyCountry')} error={fieldError(error, `parties.${i}.country`)}>{(props) => <input {...props} size={3} value={party.country ?? ''} onChange={(e) => setParty(i, { country: e.target.value })} />}</Field>
              </>
            ) : (
              <Field label={t('projects.form.partyId')} hint={t('projects.form.partyIdHint')} error={fieldError(error, `parties.${i}.id`) ?? (i === 0 ? fieldError(error, 'parties') : undefined)}>
                {(props) => <input {...props} value={party.id ?? ''} onChange={(e) => setParty(i, { id: e.target.value.trim() || null })} />}
              </Field>
            )}
            <Field label={t('projects.form.partyRole')} error={fieldError(error, `parties.${i}.role`)}>
              {(props) => (
                <select {...props} value={party.role} onChange={(e) => setParty(i, { role: e.target.value as Party['role'] })}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {label('projects.role', r)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {parties.length > 1 ? (
              <button type="button" onClick={() => setParties((all) => all.filter((_, j) => j !== i))}>
                {t('projects.form.removeParty', { n: i + 1 })}
              </button>
            ) : null}
          </fieldset>
        ))}
        <button type="button" onClick={() => setParties((all) => [...all, { kind: 'company', id: null, role: 'partner' }])}>
          {t('projects.form.addParty')}
        </button>
      </fieldset>

      <fieldset className="form">
        <legend>{t('projects.form.volume')}</legend>
        <div className="form-row">
          <Field label={t('projects.form.amount')} error={fieldError(error, 'volume.amount')}>{(props) => <input {...props} type="number" min={0} value={volume.amount} onChange={(e) => setVolume({ ...volume, amount: e.target.value })} />}</Field>
          <Field label={t('projects.form.currency')} error={fieldError(error, 'volume.currency')}>{(props) => <input {...props} size={4} value={volume.currency} onChange={(e) => setVolume({ ...volume, currency: e.target.value })} />}</Field>
          <Field label={t('projects.form.asWritten')} error={fieldError(error, 'volume.asWritten')}>{(props) => <input {...props} value={volume.asWritten} onChange={(e) => setVolume({ ...volume, asWritten: e.target.value })} />}</Field>
        </div>
      </fieldset>

      {projectId ? null : (
        <fieldset className="form">
          <legend>{t('projects.form.firstStatus')}</legend>
          <StatusFields value={status} onChange={setStatus} error={error} prefix="status." />
          {initial.links?.length ? <p className="muted">{t('projects.form.links', { links: initial.links.map((l) => `${label('projects.link', l.kind)} ${l.refId}`).join('; ') })}</p> : null}
        </fieldset>
      )}
      <button type="submit" className="primary" disabled={save.isPending}>
        {save.isPending ? t('state.saving') : projectId ? t('projects.form.save') : t('projects.form.create')}
      </button>
    </form>
  );
}

export interface StatusValue {
  status: (typeof STATUSES)[number];
  date: string;
  note: string;
  quote: string;
}

/** A status, its date, a note and the source's words; field messages from the API under `prefix`. */
export function StatusFields({ value, onChange, error, prefix }: { value: StatusValue; onChange(value: StatusValue): void; error: unknown; prefix: string }) {
  const t = useT();
  const label = useLabel();
  return (
    <>
      <div className="form-row">
        <Field label={t('projects.status.new')} error={fieldError(error, `${prefix}status`)}>
          {(props) => (
            <select {...props} value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value as StatusValue['status'] })}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {label('projects.status', s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('projects.status.date')} hint={t('projects.status.dateHint')} error={fieldError(error, `${prefix}date`)}>
          {(props) => <input {...props} value={value.date} placeholder="2021-02-03" onChange={(e) => onChange({ ...value, date: e.target.value.trim() })} />}
        </Field>
      </div>
      <Field label={t('projects.status.note')} error={fieldError(error, `${prefix}note`)}>{(props) => <textarea {...props} rows={2} value={value.note} onChange={(e) => onChange({ ...value, note: e.target.value })} />}</Field>
      <Field label={t('projects.status.quote')} error={fieldError(error, `${prefix}quote`)}>{(props) => <input {...props} value={value.quote} onChange={(e) => onChange({ ...value, quote: e.target.value })} />}</Field>
    </>
  );
}
