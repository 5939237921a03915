/**
 * The profile a company (or a city office) keeps itself: a company's name, size, founding year,
 * industries (through the trilingual resolver), description and typed wishes; a city's clusters and
 * wishes. One PATCH saves the form; a refusal shows the API's messages next to the fields and keeps
 * what was typed (the server writes all or nothing).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { Field, fieldError, Loading, ProblemMessage } from '../../../ui/components.tsx';
import { IndustryPicker, labelIn, type ResolvedItem } from '../IndustryPicker.tsx';
import { companyQueryKey, SubjectPage, useCity, useCompany, useSubject } from '../parts.tsx';
import { wishBodies, wishDraftOf, WishEditor, type WishDraft } from '../WishEditor.tsx';

type Company = Schemas['Company'];
type City = Schemas['City'];
type Labels = { de: string; en: string; zh?: string | null } | null;

export default function Profile() {
  const { t } = useLanguage();
  const subject = useSubject();
  const company = useCompany(subject.id, subject.kind === 'company');
  const city = useCity(subject.id, subject.kind === 'city');
  const loading = subject.kind === 'company' ? company.isPending : city.isPending;
  return (
    <SubjectPage subject={subject} title={t('company.profile.title')}>
      {loading ? <Loading /> : null}
      {/* The form starts from what was stored and keeps what is typed until it is saved (or refused). */}
      {company.data ? <CompanyForm key={company.data.id} company={company.data} /> : null}
      {city.data ? <CityForm key={city.data.id} city={city.data} /> : null}
    </SubjectPage>
  );
}

function useResolverTexts() {
  const { t } = useLanguage();
  return {
    loading: t('state.loading'),
    count: (count: number) => t('company.industries.count', { count }),
    empty: t('company.industries.empty'),
    scheme: (item: ResolvedItem) => (item.kind === 'gbt' ? `GB/T 4754 ${item.code}` : item.kind === 'nace' ? `NACE ${item.code}` : t('company.industries.cluster')),
  };
}

/** The form's save button and what became of the last save. */
function SaveRow({ pending, saved }: { pending: boolean; saved: boolean }) {
  const { t } = useLanguage();
  return (
    <div className="form-row">
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t('state.saving') : t('action.save')}
      </button>
      <span role="status" aria-live="polite" className="ok">
        {saved ? t('state.saved') : ''}
      </span>
    </div>
  );
}

const CONTACT_FIELDS = ['person', 'email', 'phone', 'website'] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];

interface IndustryDraft {
  scheme: 'NACE' | 'GBT4754';
  code: string;
  label: Labels;
}

function CompanyForm({ company }: { company: Company }) {
  const { t, lang } = useLanguage();
  const queries = useQueryClient();
  const texts = useResolverTexts();
  const [name, setName] = useState(company.name);
  const [employees, setEmployees] = useState(company.size.employees?.toString() ?? '');
  const [foundedYear, setFoundedYear] = useState(company.foundedYear?.toString() ?? '');
  const [industryText, setIndustryText] = useState(company.industryText ?? '');
  const [description, setDescription] = useState<Record<'de' | 'en' | 'zh', string>>({ de: company.description.de ?? '', en: company.description.en ?? '', zh: company.description.zh ?? '' });
  const [industries, setIndustries] = useState<IndustryDraft[]>(company.industries.map((i) => ({ scheme: i.scheme, code: i.code, label: i.label })));
  const [wishes, setWishes] = useState<WishDraft[]>(company.wishes.map(wishDraftOf));
  const [contact, setContact] = useState<Record<ContactField, string>>({
    person: company.contact?.person ?? '',
    email: company.contact?.email ?? '',
    phone: company.contact?.phone ?? '',
    website: company.contact?.website ?? '',
  });

  const save = useMutation({
    mutationFn: () => {
      const number = (text: string) => (text.trim() === '' ? null : Number(text.trim()));
      const texts = Object.fromEntries(Object.entries(description).filter(([, text]) => text.trim())) as Record<string, string>;
      return unwrap(
        api.PATCH('/companies/{id}', {
          params: { path: { id: company.id } },
          body: {
            name: name.trim(),
            // A new head count decides the size class; the stored class would otherwise contradict it.
            size: employees.trim() === '' ? { employees: null } : { employees: number(employees), sizeClass: null },
            foundedYear: number(foundedYear),
            industryText: industryText.trim() || null,
            description: texts,
            industries: industries.map(({ scheme, code }) => ({ scheme, code })),
            wishes: wishBodies(wishes),
            contact: Object.fromEntries(Object.entries(contact).filter(([, value]) => value.trim()).map(([field, value]) => [field, value.trim()])),
          },
        }),
      );
    },
    onSuccess: (saved) => {
      queries.setQueryData(companyQueryKey(company.id), saved);
      void queries.invalidateQueries({ queryKey: ['company-area', 'matches'] });
    },
  });

  const addIndustry = (item: ResolvedItem) => {
    const scheme = item.kind === 'gbt' ? 'GBT4754' : 'NACE';
    if (industries.some((i) => i.scheme === scheme && i.code === item.code)) return;
    setIndustries([...industries, { scheme, code: item.code, label: item.label }]);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const error = save.error;
  return (
    // noValidate: the API checks every field and says what is wrong, in the interface's language.
    <form className="form profile-form" onSubmit={submit} noValidate>
      <ProblemMessage error={error} />
      <Field label={t('company.profile.name')} error={fieldError(error, 'name')}>
        {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <div className="form-row">
        <Field label={t('company.profile.employees')} error={fieldError(error, 'size.employees', 'size.sizeClass', 'size')}>
          {(props) => <input {...props} inputMode="numeric" value={employees} onChange={(e) => setEmployees(e.target.value)} />}
        </Field>
        <Field label={t('company.profile.foundedYear')} error={fieldError(error, 'foundedYear')}>
          {(props) => <input {...props} inputMode="numeric" value={foundedYear} onChange={(e) => setFoundedYear(e.target.value)} />}
        </Field>
      </div>

      <fieldset>
        <legend>{t('company.industries.legend')}</legend>
        {industries.length === 0 ? <p className="muted">{t('company.industries.none')}</p> : null}
        <ul className="chosen">
          {industries.map((industry, i) => (
            <li key={`${industry.scheme}:${industry.code}`}>
              <span className="tag">{industry.scheme === 'GBT4754' ? 'GB/T' : 'NACE'} {industry.code}</span> {labelIn(industry.label, lang) ?? ''}
              {fieldError(error, `industries.${i}`) ? <small className="field-error"> {fieldError(error, `industries.${i}`)}</small> : null}{' '}
              <button type="button" onClick={() => setIndustries(industries.filter((_, j) => j !== i))} aria-label={t('company.industries.removeOne', { code: industry.code })}>
                {t('company.wishes.remove')}
              </button>
            </li>
          ))}
        </ul>
        <IndustryPicker label={t('company.industries.add')} hint={t('company.industries.hint')} error={fieldError(error, 'industries')} kind="codes" onPick={addIndustry} texts={texts} />
        <Field label={t('company.profile.industryText')} error={fieldError(error, 'industryText')}>
          {(props) => <input {...props} value={industryText} onChange={(e) => setIndustryText(e.target.value)} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('company.profile.description')}</legend>
        {(['de', 'en', 'zh'] as const).map((l) => (
          <Field key={l} label={t(`company.profile.description.${l}`)} error={fieldError(error, `description.${l}`)}>
            {(props) => <textarea {...props} lang={l === 'zh' ? 'zh-Hans' : l} rows={2} value={description[l]} onChange={(e) => setDescription({ ...description, [l]: e.target.value })} />}
          </Field>
        ))}
      </fieldset>

      <WishEditor wishes={wishes} onChange={setWishes} error={error} />

      <fieldset>
        <legend>{t('company.contact.legend')}</legend>
        <p className="muted">{t('company.contact.private')}</p>
        <div className="form-row">
          {CONTACT_FIELDS.map((field) => (
            <Field key={field} label={t(`company.contact.${field}`)} error={fieldError(error, `contact.${field}`)}>
              {(props) => <input {...props} type={field === 'email' ? 'email' : field === 'website' ? 'url' : field === 'phone' ? 'tel' : 'text'} value={contact[field]} onChange={(e) => setContact({ ...contact, [field]: e.target.value })} />}
            </Field>
          ))}
        </div>
      </fieldset>

      <SaveRow pending={save.isPending} saved={save.isSuccess} />
    </form>
  );
}

function CityForm({ city }: { city: City }) {
  const { t, lang } = useLanguage();
  const queries = useQueryClient();
  const texts = useResolverTexts();
  const [clusters, setClusters] = useState(city.clusters.map((c) => ({ id: c.id, note: c.note, label: c.label as Labels })));
  const [wishes, setWishes] = useState<WishDraft[]>(city.wishes.map(wishDraftOf));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/cities/{id}', {
          params: { path: { id: city.id } },
          body: { clusters: clusters.map(({ id, note }) => ({ id, note })), wishes: wishBodies(wishes) },
        }),
      ),
    onSuccess: (saved) => {
      queries.setQueryData(['company-area', 'city', city.id], saved);
      void queries.invalidateQueries({ queryKey: ['company-area', 'matches'] });
    },
  });
  const error = save.error;
  return (
    <form
      className="form profile-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <ProblemMessage error={error} />
      <fieldset>
        <legend>{t('company.city.clusters')}</legend>
        <ul className="chosen">
          {clusters.map((cluster, i) => (
            <li key={cluster.id}>
              {labelIn(cluster.label, lang) ?? cluster.id}{' '}
              <button type="button" onClick={() => setClusters(clusters.filter((_, j) => j !== i))} aria-label={t('company.industries.removeOne', { code: labelIn(cluster.label, lang) ?? cluster.id })}>
                {t('company.wishes.remove')}
              </button>
            </li>
          ))}
        </ul>
        <IndustryPicker
          label={t('company.city.addCluster')}
          hint={t('company.industries.hint')}
          error={fieldError(error, 'clusters')}
          kind="clusters"
          onPick={(item) => {
            if (!clusters.some((c) => c.id === item.code)) setClusters([...clusters, { id: item.code, note: null, label: item.label }]);
          }}
          texts={texts}
        />
      </fieldset>
      <WishEditor wishes={wishes} onChange={setWishes} error={error} />
      <SaveRow pending={save.isPending} saved={save.isSuccess} />
    </form>
  );
}
