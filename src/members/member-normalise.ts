/** Normalisation of member identity fields as stored (matching has its own keys: matching/). Pure. */

/** Lower-cased, accents stripped, whitespace collapsed: "  José  O'Neill " → "jose o'neill". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A name as displayed: trimmed, inner whitespace collapsed, case and accents kept. */
export function tidyName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** Trimmed and upper-cased; blank → null. */
export function normaliseMembershipNumber(value: string | null | undefined): string | null {
  const v = value?.trim().toUpperCase();
  return v ? v : null;
}

export function normaliseEmail(value: string | null | undefined): string | null {
  const v = value?.trim().toLowerCase();
  return v ? v : null;
}

/** Digits with an optional leading +: "+44 (0)7700 900-123" → "+4407700900123". */
export function normalisePhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (!digits) return null;
  return (trimmed.startsWith('+') ? '+' : '') + digits;
}

/** Constituency parties compare case- and space-insensitively. */
export function normaliseParty(value: string | null | undefined): string | null {
  const v = value?.replace(/\s+/g, ' ').trim().toLowerCase();
  return v ? v : null;
}
