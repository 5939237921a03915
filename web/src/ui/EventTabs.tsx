/**
 * The tabs of an organiser's event: the organiser area owns overview, participants, wishes and
 * downloads; the schedule area owns schedule and report. Both show this one bar.
 */
import { Link, useLocation } from 'wouter';
import { useT, type MessageKey } from '../i18n/index.tsx';

export const EVENT_TABS: { suffix: string; label: MessageKey }[] = [
  { suffix: '', label: 'eventTab.overview' },
  { suffix: '/participants', label: 'eventTab.participants' },
  { suffix: '/wishes', label: 'eventTab.wishes' },
  { suffix: '/schedule', label: 'eventTab.schedule' },
  { suffix: '/report', label: 'eventTab.report' },
  { suffix: '/downloads', label: 'eventTab.downloads' },
];

export function EventTabs({ eventId }: { eventId: string }) {
  const t = useT();
  const [location] = useLocation();
  const base = `/events/${encodeURIComponent(eventId)}`;
  return (
    <nav className="tabs" aria-label={t('eventTab.label')}>
      {EVENT_TABS.map(({ suffix, label }) => (
        <Link key={suffix} href={`${base}${suffix}`} aria-current={location === `${base}${suffix}` ? 'page' : undefined}>
          {t(label)}
        </Link>
      ))}
    </nav>
  );
}
