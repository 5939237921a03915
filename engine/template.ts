/**
 * Message templates with {name} placeholders, filled from values; a placeholder without a value stays
 * as written, so a missing value shows instead of vanishing. One filler for the interface's strings,
 * the import report and the printed papers.
 */
export function fillTemplate(template: string, values?: Readonly<Record<string, string | number>>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
