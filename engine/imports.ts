/**
 * Spreadsheet imports as the importer (data/imports/) and the workbench both know them: the columns of
 * each kind of file, and the problems a row can have, by code with English templates (the workbench
 * says them in the reader's language with the same {placeholders}).
 */
export const PARTICIPANT_COLUMNS = ['company_id', 'city_id', 'name', 'side', 'kind', 'languages', 'interpreter_needed', 'table', 'min_meetings', 'max_meetings'] as const;
export const COMPANY_COLUMNS = ['id', 'name', 'country', 'city_id', 'city_name', 'org_type', 'employees', 'founded_year', 'nace', 'languages', 'website', 'description_en', 'description_de', 'description_zh'] as const;
export const OUTCOME_COLUMNS = ['event_id', 'participant_id', 'partner_id', 'attended', 'rating', 'follow_up', 'agreement_type', 'follow_up_date', 'note'] as const;

export const PROBLEM_MESSAGES = {
  required: 'a value is needed',
  tooLong: 'longer than {max} characters',
  notOneOf: "'{value}' is not one of {allowed}",
  notInteger: "'{value}' is not a whole number",
  outOfRange: "'{value}' is not between {min} and {max}",
  notBoolean: "'{value}' is neither yes nor no",
  badFormat: "'{value}' does not have the expected form",
  tooMany: 'more than {max} entries',
  missingColumn: 'the column is missing (columns: {allowed})',
  missingOneOf: 'one of the columns {allowed} is needed',
  unknownColumn: 'unknown column (columns: {allowed})',
  unknownCompany: "company '{value}' does not exist",
  unknownCity: "city '{value}' does not exist",
  unknownTable: "table '{value}' is not a table of the event",
  duplicateInFile: "'{value}' is already on line {other}",
  alreadyParticipant: "company '{value}' is already a participant",
  minAboveMax: 'min_meetings ({min}) exceeds max_meetings ({max})',
  needsName: 'a name is needed when no company or city gives one',
  needsSide: 'side (DE or CN) is needed when no German or Chinese company or city gives it',
  unknownEvent: "event '{value}' does not exist",
  noMeeting: '{value} and {other} have no meeting at this event',
  samePair: 'a participant does not meet itself',
  noShowReport: 'a side that did not attend cannot rate the meeting or report a follow-up',
  agreementType: 'an agreement needs its type, and only an agreement has one',
  unknownIndustry: "'{value}' is not a NACE Rev. 2 code",
  cityCountry: "city '{value}' is in {other}",
  exists: "'{value}' exists already",
} as const;

export type ImportProblemCode = keyof typeof PROBLEM_MESSAGES;

export const IMPORT_PROBLEM_CODES = Object.keys(PROBLEM_MESSAGES) as ImportProblemCode[];
