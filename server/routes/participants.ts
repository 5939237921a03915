/**
 * An event's participants: the organiser registers companies and city delegations (one, or many at once)
 * and changes or removes them; the organiser and the participants' own keys read them.
 */
import { z } from 'zod';
import { ORGANISERS } from '../policy.ts';
import { created, defineRoute, noContent, ok } from '../routing.ts';
import { pageOf, paginationQuery, pathParams } from '../schemas/common.ts';
import { participantPatch, participantSchema, participantsBody } from '../schemas/events.ts';
import { importQuery, importReportSchema } from '../schemas/imports.ts';
import { CSV_TYPES, importParticipantFile, PARTICIPANT_COLUMNS, XLSX_TYPE } from '../services/imports.ts';
import { changeParticipant, listParticipants, readParticipant, registerParticipants, removeParticipant } from '../services/participants.ts';

export const participantRoutes = [
  defineRoute({
    method: 'post',
    path: '/events/:id/participants',
    operationId: 'registerParticipants',
    summary: 'Register one participant or {participants: [...]}; name and side come from a linked company or city',
    tags: ['participants'],
    access: ORGANISERS,
    params: pathParams('id'),
    body: participantsBody,
    responses: {
      201: {
        description: 'the participant, or {items} for a batch',
        schema: z.union([participantSchema, z.strictObject({ items: z.array(participantSchema) })]),
        headers: { Location: 'the participant, when one was registered' },
      },
    },
    problems: [404, 409],
    handler: async ({ ctx, principal, params, body }) => {
      const added = await registerParticipants(ctx, principal, params.id, body);
      if ('participants' in body) return created({ items: added });
      return created(added[0], `/events/${params.id}/participants/${added[0]!.id}`);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/events/:id/participants/import',
    operationId: 'importParticipants',
    summary: 'Register participants from a CSV file or an Excel workbook (.xlsx): every row checked, all stored or none',
    description: `Columns: ${PARTICIPANT_COLUMNS.join(', ')} (company_id, city_id or name in every row). With dryRun=true the report comes back and nothing is stored; otherwise a file with any problem is a 422 naming each cell as line.N.column.`,
    tags: ['participants'],
    access: ORGANISERS,
    params: pathParams('id'),
    query: importQuery,
    textBody: { contentTypes: CSV_TYPES, limit: '10mb', description: 'CSV with a header row' },
    binaryBody: { contentTypes: [XLSX_TYPE], limit: '10mb', description: 'an Excel workbook; its first sheet, with a header row' },
    responses: { 200: { description: 'the report: rows read, rows stored, every problem', schema: importReportSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, query, text, bytes }) =>
      ok(await importParticipantFile(ctx, principal, params.id, bytes ? { format: 'xlsx', content: bytes } : { format: 'csv', content: text ?? '' }, query.dryRun ?? false)),
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/participants',
    operationId: 'listParticipants',
    summary: 'Participants',
    tags: ['participants'],
    access: 'key',
    params: pathParams('id'),
    query: paginationQuery,
    responses: { 200: { description: 'a page of participants in the order they were registered', schema: pageOf(participantSchema) } },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => ok(await listParticipants(ctx, principal, params.id, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/participants/:pid',
    operationId: 'getParticipant',
    summary: 'One participant',
    tags: ['participants'],
    access: 'key',
    params: pathParams('id', 'pid'),
    responses: { 200: { description: 'the participant', schema: participantSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => ok(await readParticipant(ctx, principal, params.id, params.pid)),
  }),
  defineRoute({
    method: 'patch',
    path: '/events/:id/participants/:pid',
    operationId: 'updateParticipant',
    summary: 'Change a participant (availability, caps, languages, booth)',
    tags: ['participants'],
    access: ORGANISERS,
    params: pathParams('id', 'pid'),
    body: participantPatch,
    responses: { 200: { description: 'the participant', schema: participantSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, body }) => ok(await changeParticipant(ctx, principal, params.id, params.pid, body)),
  }),
  defineRoute({
    method: 'delete',
    path: '/events/:id/participants/:pid',
    operationId: 'deleteParticipant',
    summary: 'Remove a participant with its wishes, requests and meetings',
    tags: ['participants'],
    access: ORGANISERS,
    params: pathParams('id', 'pid'),
    responses: { 204: { description: 'removed' } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => {
      await removeParticipant(ctx, principal, params.id, params.pid);
      return noContent();
    },
  }),
];
