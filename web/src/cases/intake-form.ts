import type { IntakeBody } from '../api/cases';
import type { ActionType, Priority } from '../api/types';
import type { FormError } from '../ui/form-errors';

/** What the intake form holds while the caseworker types. */
export interface IntakeValues {
  fullName: string;
  membershipNumber: string;
  email: string;
  phone: string;
  constituencyParty: string;
  region: string;
  consentToContact: boolean;
  consentToResearch: boolean;
  /** Set when the caseworker links the case to an existing member instead of typing a new one. */
  memberId: string | null;
  actionType: ActionType | null;
  actionDate: string | null;
  notifiedAt: string | null;
  issuingBody: string;
  externalReference: string;
  /** One allegation a line. */
  allegations: string;
  summary: string;
  priority: Priority;
  tags: string[];
  assigneeId: string | null;
  coordinatorId: string | null;
}

export const EMPTY_INTAKE: IntakeValues = {
  fullName: '',
  membershipNumber: '',
  email: '',
  phone: '',
  constituencyParty: '',
  region: '',
  consentToContact: false,
  consentToResearch: false,
  memberId: null,
  actionType: null,
  actionDate: null,
  notifiedAt: null,
  issuingBody: '',
  externalReference: '',
  allegations: '',
  summary: '',
  priority: 'normal',
  tags: [],
  assigneeId: null,
  coordinatorId: null,
};

/** The API's name of each field (as its 400 messages say it) → the id of the form's input. */
export const INTAKE_FIELDS: Record<string, string> = {
  member: 'fullName',
  memberId: 'fullName',
  'member.fullName': 'fullName',
  'member.membershipNumber': 'membershipNumber',
  'member.email': 'email',
  'member.phone': 'phone',
  'member.constituencyParty': 'constituencyParty',
  'member.region': 'region',
  'member.consentToContact': 'consentToContact',
  'member.consentToResearch': 'consentToResearch',
  actionType: 'actionType',
  actionDate: 'actionDate',
  notifiedAt: 'notifiedAt',
  issuingBody: 'issuingBody',
  externalReference: 'externalReference',
  allegations: 'allegations',
  summary: 'summary',
  priority: 'priority',
  tags: 'tags',
  assigneeId: 'assigneeId',
  coordinatorId: 'coordinatorId',
};

const text = (v: string) => (v.trim() ? v.trim() : undefined);

/** The body of POST /api/cases: blank optional fields left out; an allegation a line. */
export function intakeBody(v: IntakeValues): IntakeBody {
  const allegations = v.allegations
    .split('\n')
    .map((a) => a.trim())
    .filter(Boolean);
  const member = {
    fullName: v.fullName.trim(),
    membershipNumber: text(v.membershipNumber),
    email: text(v.email),
    phone: text(v.phone),
    constituencyParty: text(v.constituencyParty),
    region: text(v.region),
    consentToContact: v.consentToContact,
    consentToResearch: v.consentToResearch,
  };
  return {
    ...(v.memberId ? { memberId: v.memberId } : { member }),
    actionType: v.actionType!,
    actionDate: v.actionDate!,
    notifiedAt: v.notifiedAt!,
    issuingBody: text(v.issuingBody),
    externalReference: text(v.externalReference),
    allegations: allegations.length ? allegations : undefined,
    summary: text(v.summary),
    priority: v.priority,
    tags: v.tags.length ? v.tags : undefined,
    assigneeId: v.assigneeId ?? undefined,
    coordinatorId: v.coordinatorId ?? undefined,
  };
}

/** What must be there before asking the server (which checks everything again, and more). */
export function missingIntakeFields(v: IntakeValues): FormError[] {
  const errors: FormError[] = [];
  if (!v.memberId && !v.fullName.trim())
    errors.push({ fieldId: 'fullName', message: 'Enter the member’s full name' });
  if (!v.actionType) errors.push({ fieldId: 'actionType', message: 'Choose the action type' });
  if (!v.actionDate) errors.push({ fieldId: 'actionDate', message: 'Enter the action date' });
  if (!v.notifiedAt)
    errors.push({ fieldId: 'notifiedAt', message: 'Enter the date the member was notified' });
  return errors;
}
