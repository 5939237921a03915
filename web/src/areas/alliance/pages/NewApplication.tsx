/**
 * Filing an application with what 003 §5.1 requires: key economic data, industrial characteristics,
 * current national and international cooperations, and cooperation wishes. The secretariat files for
 * any city that is not a member; a city key for its own city. The API's field messages stand next to
 * the fields.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Page, ProblemMessage, fieldError, useLabel } from '../../../ui/components.tsx';
import { localName, today, useCities } from '../shared.tsx';

/** Cities that may apply: not members and not towns counted through a member network. */
const MAY_APPLY = new Set(['observer', 'guest', 'applicant', 'former', 'none']);
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export default function NewApplication() {
  const { t, lang, countryName } = useLanguage();
  const label = useLabel();
  const { principal } = useSession();
  const ownCity = principal?.role === 'city' ? principal.cityId : null;
  const cities = useCities();
  const [, navigate] = useLocation();
  const queries = useQueryClient();
  const [form, setForm] = useState({ cityId: ownCity ?? '', filedOn: today(), keyData: '', industrialCharacteristics: '', national: '', international: '', wishes: '', document: '' });
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const candidates = useMemo(
    () =>
      (cities.data?.items ?? [])
        .filter((c) => c.id === ownCity || (!ownCity && MAY_APPLY.has(c.status.current)))
        .sort((a, b) => a.country.localeCompare(b.country) || localName(a.name, lang).localeCompare(localName(b.name, lang), lang)),
    [cities.data, ownCity, lang],
  );

  const file = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/alliance/applications', {
          body: {
            cityId: form.cityId,
            ...(form.filedOn ? { filedOn: form.filedOn } : {}),
            content: {
              keyData: form.keyData,
              industrialCharacteristics: form.industrialCharacteristics,
              cooperations: { national: lines(form.national), international: lines(form.international) },
              wishes: lines(form.wishes),
              document: form.document.trim() || null,
            },
          },
        }),
      ),
    onSuccess: async (application) => {
      await queries.invalidateQueries({ queryKey: ['alliance'] });
      await queries.invalidateQueries({ queryKey: ['cities'] });
      navigate(`/alliance/applications/${application.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    file.mutate();
  };
  const error = file.error;

  return (
    <Page title={t('alliance.new.title')}>
      <p className="lead">{t('alliance.new.lead')}</p>
      <form className="form narrow" onSubmit={submit} noValidate>
        <Field label={t('alliance.new.city')} error={fieldError(error, 'cityId')}>
          {(props) => (
            <select {...props} value={form.cityId} onChange={set('cityId')} disabled={Boolean(ownCity)} required>
              <option value="">{t('alliance.new.chooseCity')}</option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {localName(c.name, lang)} ({countryName(c.country)}; {label('alliance.cityStatus', c.status.current)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('alliance.new.filedOn')} error={fieldError(error, 'filedOn')}>
          {(props) => <input {...props} type="date" value={form.filedOn} max={today()} onChange={set('filedOn')} />}
        </Field>
        <Field label={t('alliance.new.keyData')} hint={t('alliance.new.keyDataHint')} error={fieldError(error, 'content.keyData')}>
          {(props) => <textarea {...props} rows={3} value={form.keyData} onChange={set('keyData')} />}
        </Field>
        <Field label={t('alliance.new.industrial')} hint={t('alliance.new.industrialHint')} error={fieldError(error, 'content.industrialCharacteristics')}>
          {(props) => <textarea {...props} rows={3} value={form.industrialCharacteristics} onChange={set('industrialCharacteristics')} />}
        </Field>
        <Field label={t('alliance.new.national')} hint={t('alliance.new.perLine')} error={fieldError(error, 'content.cooperations.national', 'content.cooperations')}>
          {(props) => <textarea {...props} rows={3} value={form.national} onChange={set('national')} />}
        </Field>
        <Field label={t('alliance.new.international')} hint={t('alliance.new.perLine')} error={fieldError(error, 'content.cooperations.international')}>
          {(props) => <textarea {...props} rows={3} value={form.international} onChange={set('international')} />}
        </Field>
        <Field label={t('alliance.new.wishes')} hint={t('alliance.new.perLine')} error={fieldError(error, 'content.wishes')}>
          {(props) => <textarea {...props} rows={3} value={form.wishes} onChange={set('wishes')} />}
        </Field>
        <Field label={t('alliance.new.document')} hint={t('alliance.new.documentHint')} error={fieldError(error, 'content.document')}>
          {(props) => <input {...props} type="text" value={form.document} onChange={set('document')} />}
        </Field>
        <ProblemMessage error={error} />
        <div>
          <button type="submit" className="primary" disabled={file.isPending}>
            {t('alliance.new.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
