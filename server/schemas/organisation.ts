/** The alliance's organisation as the API shows it: bodies, roles, people, rules and contradictions, each statement with its sources. */
import { z } from 'zod';
import { LANGS } from '../../engine/taxonomy.ts';
import { provenance } from './companies.ts';

export const organisationQuery = z.strictObject({
  lang: z.enum(LANGS).default('de').meta({ description: 'the language of the texts: de follows the seed papers, en and zh are the project’s own translations' }),
});

export const organisationSourceSchema = z
  .strictObject({
    file: z.string().meta({ example: '003_bd051098fc9e533c.txt' }),
    line: z.number().int().positive(),
    quote: z.string().meta({ description: 'verbatim from that line, in the paper’s German' }),
    provenance,
  })
  .meta({ id: 'OrganisationSource', description: 'a seed paper’s line that holds the statement' });

export const organisationStatementSchema = z
  .strictObject({
    text: z.string(),
    original: z.string().nullable().meta({ description: 'the German statement when text is a translation; null in German' }),
    sources: z.array(organisationSourceSchema).min(1),
  })
  .meta({ id: 'OrganisationStatement', description: 'one statement of the papers, in the requested language, with its sources' });

const statements = z.array(organisationStatementSchema);
const companyLink = z.strictObject({ id: z.string(), name: z.string() }).meta({ id: 'OrganisationCompanyLink', description: 'an organisation that is a company record (GET /companies/{id})' });
const personLink = z.strictObject({ id: z.string(), name: z.string() });
const roleLink = z.strictObject({ id: z.string(), name: z.string() });

export const organisationBodySchema = z
  .strictObject({
    id: z.string(),
    kind: z.string().meta({ description: 'board, secretariat, advisory-board, contact-points, committees, committee' }),
    section: z.string().nullable().meta({ description: 'where the annex of 003 describes it; null when only the newsletters name it' }),
    parentId: z.string().nullable(),
    name: z.string(),
    ledBy: z.strictObject({ name: z.string(), cityId: z.string().nullable() }).nullable(),
    statements,
    members: z.array(
      z.strictObject({
        name: z.string(),
        company: companyLink.nullable().meta({ description: 'the member as a company record, where it is one' }),
        cityId: z.string().nullable(),
        statements,
      }),
    ),
  })
  .meta({ id: 'OrganisationBody' });

export const organisationSchema = z
  .strictObject({
    lang: z.enum(LANGS),
    translated: z.boolean().meta({ description: 'true when the texts are the project’s translations of the German statements' }),
    languageNote: z.string(),
    bodies: z.array(organisationBodySchema),
    roles: z.array(
      z.strictObject({ id: z.string(), name: z.string(), people: z.array(personLink), companies: z.array(companyLink), statements }).meta({ id: 'OrganisationRole' }),
    ),
    people: z.array(
      z
        .strictObject({ id: z.string(), name: z.string(), nameVariants: z.array(z.string()), roles: z.array(roleLink), companies: z.array(companyLink), statements })
        .meta({ id: 'OrganisationPerson' }),
    ),
    rules: z.array(
      z.strictObject({ id: z.string(), topic: z.enum(['membership', 'financing', 'meetings']), title: z.string(), statements }).meta({ id: 'OrganisationRule' }),
    ),
    contradictions: z.array(
      z
        .strictObject({
          id: z.string(),
          readmeItem: z.number().int().nullable().meta({ description: 'the item of the reference README’s contradictions list' }),
          title: z.string(),
          summary: z.string(),
          readings: statements.meta({ description: 'each reading with the sources that state it' }),
        })
        .meta({ id: 'OrganisationContradiction' }),
    ),
  })
  .meta({ id: 'AllianceOrganisation', description: 'the alliance’s bodies, roles, people and rules as the seed papers state them, and where the papers contradict each other' });
