/**
 * An event's downloads: each participant's agenda (calendar file, printable page in the participant's
 * language), the booklet of all agendas and the table plan (shown here, printable), and the master
 * list as CSV and Excel.
 */
import { useRef, useState } from 'react';
import { useParams } from 'wouter';
import { ApiProblem, authHeaders, download, type Problem } from '../../../api/client.ts';
import { LANG_NAMES, LANGS, useLanguage, type Lang } from '../../../i18n/index.tsx';
import { Field, Loading, ProblemMessage } from '../../../ui/components.tsx';
import { EventPage } from '../EventHeader.tsx';
import { useParticipants } from '../eventData.ts';
import { ParticipantSelect } from '../ParticipantSelect.tsx';

async function fetchPage(path: string): Promise<string> {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as Problem | undefined;
    throw new ApiProblem(response.status, body ?? { type: 'about:blank', title: 'Error', status: response.status, detail: `HTTP ${response.status}`, code: 'internal' });
  }
  return response.text();
}

/** A printable page of the API shown in a frame that runs nothing (sandbox without scripts). */
function Preview({ title, html, onClose }: { title: string; html: string; onClose(): void }) {
  const { t } = useLanguage();
  const frame = useRef<HTMLIFrameElement>(null);
  return (
    <section className="card" aria-labelledby="preview-title">
      <div className="page-head">
        <h2 id="preview-title">{title}</h2>
        <div className="page-actions">
          <button type="button" onClick={() => frame.current?.contentWindow?.print()}>
            {t('organiser.downloads.print')}
          </button>
          <button type="button" onClick={onClose}>
            {t('action.close')}
          </button>
        </div>
      </div>
      <iframe ref={frame} title={title} srcDoc={html} sandbox="allow-same-origin allow-modals" className="preview-frame" style={{ width: '100%', height: '32rem', border: '1px solid #d0d7de' }} />
    </section>
  );
}

export default function Downloads() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useLanguage();
  const participants = useParticipants(id);
  const [pid, setPid] = useState('');
  const [lang, setLang] = useState<Lang | ''>('');
  const [preview, setPreview] = useState<{ title: string; html: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const base = `/events/${encodeURIComponent(id)}`;
  const agendaBase = `${base}/participants/${encodeURIComponent(pid)}`;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const show = (title: string, path: string) => run(async () => setPreview({ title, html: await fetchPage(path) }));
  const save = (path: string, name: string) => run(() => download(path, name));
  const chosen = participants.data?.find((p) => p.id === pid);

  return (
    <EventPage eventId={id} tab={t('eventTab.downloads')}>
      {() => (
        <>
          <h2>{t('organiser.downloads.agendas')}</h2>
          {participants.isPending ? <Loading /> : null}
          <div className="form-row">
            <ParticipantSelect label={t('organiser.downloads.participant')} participants={participants.data ?? []} value={pid} onChange={setPid} />
            <Field label={t('organiser.downloads.language')}>
              {(props) => (
                <select {...props} value={lang} onChange={(e) => setLang(e.target.value as Lang | '')}>
                  <option value="">{t('organiser.downloads.theirLanguage')}</option>
                  {LANGS.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {LANG_NAMES[l]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="button" disabled={!pid || busy} onClick={() => void save(`${agendaBase}/agenda.ics`, 'agenda.ics')}>
              {t('organiser.downloads.ics')}
            </button>
            <button type="button" disabled={!pid || busy} onClick={() => void show(t('organiser.downloads.agendaOf', { name: chosen?.name ?? '' }), `${agendaBase}/agenda.html${lang ? `?lang=${lang}` : ''}`)}>
              {t('organiser.downloads.agenda')}
            </button>
          </div>
          <h2>{t('organiser.downloads.event')}</h2>
          <div className="form-row">
            <button type="button" disabled={busy} onClick={() => void show(t('organiser.downloads.booklet'), `${base}/booklet.html`)}>
              {t('organiser.downloads.booklet')}
            </button>
            <button type="button" disabled={busy} onClick={() => void show(t('organiser.downloads.tablePlan'), `${base}/table-plan.html`)}>
              {t('organiser.downloads.tablePlan')}
            </button>
            <button type="button" disabled={busy} onClick={() => void save(`${base}/meetings.csv`, 'meetings.csv')}>
              {t('organiser.downloads.csv')}
            </button>
            <button type="button" disabled={busy} onClick={() => void save(`${base}/meetings.xlsx`, 'meetings.xlsx')}>
              {t('organiser.downloads.xlsx')}
            </button>
          </div>
          <p className="muted">{t('organiser.downloads.note')}</p>
          <ProblemMessage error={error} />
          {preview ? <Preview title={preview.title} html={preview.html} onClose={() => setPreview(undefined)} /> : null}
        </>
      )}
    </EventPage>
  );
}
