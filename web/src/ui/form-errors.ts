/** One message of a form's error summary: the field it belongs to (its input's id), if any. */
export interface FormError {
  fieldId?: string;
  message: string;
}

/**
 * Sorts the server's messages ("member.email must be an email address", "actionDate must not be in
 * the future") by field: a message belongs to the field whose API path it starts with (the longest
 * such path wins, so "member.fullName" beats "member"). `fields` maps API paths to input ids;
 * the rest are shown in the summary alone.
 */
export function messagesByField(messages: string[], fields: Record<string, string>): FormError[] {
  const paths = Object.keys(fields).sort((a, b) => b.length - a.length);
  return messages.map((message) => {
    const path = paths.find(
      (p) =>
        message === p ||
        message.startsWith(`${p} `) ||
        message.startsWith(`${p}.`) ||
        message.startsWith(`each value in ${p} `),
    );
    return path ? { fieldId: fields[path], message } : { message };
  });
}

/** The first error of each field, by input id: what the field shows beside itself. */
export function fieldErrors(errors: FormError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if (e.fieldId && !out[e.fieldId]) out[e.fieldId] = e.message;
  return out;
}

/** One pair of dates the server refused together (a 422 DATE_CONFLICT lists them in `conflicts`). */
export interface DateConflict {
  field: string;
  value: string;
  mustNotBe: 'before' | 'after';
  other: string;
  otherValue: string;
}

/** The date conflicts of a refusal, or none. */
export function dateConflictsOf(body: { code?: unknown; conflicts?: unknown } | undefined): DateConflict[] {
  if (!body || body.code !== 'DATE_CONFLICT' || !Array.isArray(body.conflicts)) return [];
  return body.conflicts as DateConflict[];
}

/**
 * What each field shows beside itself for the date conflicts the server named: "Must not be
 * before the hearing (14 May 2019, 11:00)". `fields` maps API fields to input ids, `labels` names
 * the other dates in the users' words; `show` writes a date or an instant.
 */
export function dateConflictErrors(
  conflicts: DateConflict[],
  fields: Record<string, string>,
  labels: Record<string, string>,
  show: (value: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of conflicts) {
    const id = fields[c.field];
    if (!id || out[id]) continue;
    out[id] = `Must not be ${c.mustNotBe} ${labels[c.other] ?? c.other} (${show(c.otherValue)})`;
  }
  return out;
}
