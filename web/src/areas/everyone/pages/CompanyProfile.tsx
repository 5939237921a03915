import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Loading, Page, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { ClusterTags, nameIn, TaxonomyLabel, useSourceText } from '../text.tsx';
import { WishList } from '../wishes.tsx';
import '../everyone.css';

/** A company's profile: its city, size, industries (labelled in the reader's language), clusters and wishes. */
export default function CompanyProfile() {
  const t = useT();
  const { id } = useParams<{ id: string }>();
  const company = useQuery({ queryKey: ['company', id], queryFn: () => unwrap(api.GET('/companies/{id}', { params: { path: { id } } })) });
  if (company.isPending) return <Loading />;
  if (company.error) return <Page title={t('state.notFound')}><ProblemMessage error={company.error} /></Page>;
  return <CompanyView company={company.data} />;
}

function CompanyView({ company }: { company: Schemas['Company'] }) {
  const t = useT();
  const label = useLabel();
  const source = useSourceText();
  const { lang, formatNumber } = useLanguage();
  const { principal } = useSession();
  const mayMatch = principal?.role === 'admin' || (principal?.role === 'company' && principal.companyId === company.id);
  const description = company.description[lang] ?? company.description.en ?? company.description.de ?? company.description.zh;
  const cityName = company.cityNames ? nameIn(company.cityNames, lang) : company.cityName;

  return (
    <Page
      title={company.name}
      actions={
        mayMatch ? (
          <Link className="button primary" href={`/my/company/${company.id}/matches`}>
            {t('everyone.company.matches')}
          </Link>
        ) : undefined
      }
    >
      {company.demo ? <p className="muted">{t('everyone.company.demo')}</p> : null}
      <dl className="facts">
        <dt>{t('everyone.company.kind')}</dt>
        <dd>{label('everyone.orgType', company.orgType)}</dd>
        <dt>{t('everyone.company.city')}</dt>
        <dd>
          {company.cityId && company.cityNames ? <Link href={`/cities/${company.cityId}`}>{cityName}</Link> : (cityName ?? '—')}
          {' · '}
          {label('country', company.country)}
        </dd>
        <dt>{t('everyone.company.size')}</dt>
        <dd>
          {company.size.sizeClass ? label('everyone.size', company.size.sizeClass) : '—'}
          {company.size.employees != null ? ` (${t('everyone.company.employees', { count: formatNumber(company.size.employees) })})` : ''}
        </dd>
        {company.foundedYear ? (
          <>
            <dt>{t('everyone.company.founded')}</dt>
            <dd>{company.foundedYear}</dd>
          </>
        ) : null}
        {company.languages.length ? (
          <>
            <dt>{t('everyone.company.languages')}</dt>
            <dd>{company.languages.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {description ? (
        <>
          <h2>{t('everyone.company.description')}</h2>
          <p>{description}</p>
        </>
      ) : null}
      <h2>{t('everyone.company.industries')}</h2>
      {company.industries.length ? (
        <ul className="plain-list">
          {company.industries.map((i) => (
            <li key={`${i.scheme}:${i.code}`}>
              <strong>
                {i.scheme === 'NACE' ? 'NACE' : 'GB/T 4754'} {i.code}
              </strong>{' '}
              <TaxonomyLabel labels={i.label} lang={lang} />
              {i.scheme !== 'NACE' && i.nace.length ? (
                <ul>
                  {i.nace.map((n) => (
                    <li key={n.code}>
                      NACE {n.code} <TaxonomyLabel labels={n.label} lang={lang} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('state.empty')}</p>
      )}
      {company.industryText ? (
        <p>
          <strong>{t('everyone.company.industryText')}:</strong> {company.industryText}
        </p>
      ) : null}
      <h2>{t('everyone.company.clusters')}</h2>
      {company.clusters.length ? (
        <p>
          <ClusterTags clusters={company.clusters} />
        </p>
      ) : (
        <p className="muted">{t('state.empty')}</p>
      )}
      <h2>{t('everyone.company.wishes')}</h2>
      <WishList wishes={company.wishes} />
      {company.facts.length ? (
        <>
          <h2>{t('everyone.company.facts')}</h2>
          <ul className="plain-list">
            {company.facts.map((f, i) => (
              <li key={i}>
                {f.text}
                <div className="source">{t('everyone.source', { source: source(f.provenance) })}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {company.contact && Object.keys(company.contact).length ? (
        <>
          <h2>{t('everyone.company.contact')}</h2>
          <dl className="facts">
            {Object.entries(company.contact).map(([field, value]) => (
              <div key={field} style={{ display: 'contents' }}>
                <dt>{label('everyone.contact', field)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </Page>
  );
}
