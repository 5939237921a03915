/** The head of an event's tab pages: the event's name as the page title, and the tab bar. */
import './organiser.css';
import type { ReactNode } from 'react';
import { EventTabs } from '../../ui/EventTabs.tsx';
import { Loading, Page, ProblemMessage } from '../../ui/components.tsx';
import { useEvent, type EventRecord } from './eventData.ts';

export function EventPage({ eventId, tab, children }: { eventId: string; tab: string; children: (event: EventRecord) => ReactNode }) {
  const event = useEvent(eventId);
  if (event.isPending) return <Loading />;
  if (event.error) return <ProblemMessage error={event.error} onRetry={() => void event.refetch()} />;
  return (
    <Page title={`${event.data.name}: ${tab}`}>
      <EventTabs eventId={eventId} />
      {children(event.data)}
    </Page>
  );
}
