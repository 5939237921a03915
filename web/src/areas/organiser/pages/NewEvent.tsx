/** A new event through the form; afterwards its overview. */
import '../organiser.css';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import type { paths } from '../../../api/schema.gen.ts';
import { useT } from '../../../i18n/index.tsx';
import { Page } from '../../../ui/components.tsx';
import { EventForm, eventBodyOf, newDraft, type EventDraft } from '../EventForm.tsx';

type EventBody = paths['/events']['post']['requestBody']['content']['application/json'];

export default function NewEvent() {
  const t = useT();
  const [, navigate] = useLocation();
  const queries = useQueryClient();
  const create = useMutation({
    // The form sends what was typed; the API's schema is the judge.
    mutationFn: (draft: EventDraft) => unwrap(api.POST('/events', { body: eventBodyOf(draft) as unknown as EventBody })),
    onSuccess: (event) => {
      void queries.invalidateQueries({ queryKey: ['events'] });
      navigate(`/events/${encodeURIComponent(event.id)}`);
    },
  });
  return (
    <Page title={t('organiser.new.title')}>
      <p className="lead">{t('organiser.new.lead')}</p>
      <EventForm initial={newDraft(t('organiser.form.morning'))} submitLabel={t('organiser.new.submit')} busy={create.isPending} error={create.error} onSubmit={(draft) => create.mutate(draft)} />
    </Page>
  );
}
