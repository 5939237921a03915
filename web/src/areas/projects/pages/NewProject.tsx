import { useLocation } from 'wouter';
import { useT } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Page } from '../../../ui/components.tsx';
import { ProjectForm, type ProjectInput } from '../parts.tsx';

/** A new project; a company or city key starts with itself as a party (it may keep only projects it is part of). */
export default function NewProject() {
  const t = useT();
  const [, navigate] = useLocation();
  const { principal } = useSession();
  const self: ProjectInput['parties'] =
    principal?.role === 'company' && principal.companyId
      ? [{ kind: 'company', id: principal.companyId, role: 'partner' }]
      : principal?.role === 'city' && principal.cityId
        ? [{ kind: 'city', id: principal.cityId, role: 'host' }]
        : [{ kind: 'company', id: null, role: 'partner' }];
  const initial: ProjectInput = { title: {}, summary: {}, type: 'investment', naceCodes: [], volume: null, parties: self, status: { status: 'idea', date: new Date().toISOString().slice(0, 10), note: null, quote: null }, links: [] };
  return (
    <Page title={t('projects.form.newTitle')}>
      <ProjectForm initial={initial} onSaved={(project) => navigate(`/projects/${project.id}`)} />
    </Page>
  );
}
