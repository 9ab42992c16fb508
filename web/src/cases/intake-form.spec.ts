import { EMPTY_INTAKE, intakeBody, missingIntakeFields } from './intake-form';

const filled = {
  ...EMPTY_INTAKE,
  fullName: '  Ann Example ',
  email: ' ',
  region: 'North',
  actionType: 'suspension' as const,
  actionDate: '2026-11-01',
  notifiedAt: '2026-11-03',
  allegations: 'First\n\n  Second  \n',
  tags: ['press'],
  assigneeId: 'a1',
};

describe('intake body', () => {
  it('sends a new member with blank optional fields left out and an allegation a line', () => {
    expect(intakeBody(filled)).toEqual({
      member: {
        fullName: 'Ann Example',
        membershipNumber: undefined,
        email: undefined,
        phone: undefined,
        constituencyParty: undefined,
        region: 'North',
        consentToContact: false,
        consentToResearch: false,
      },
      actionType: 'suspension',
      actionDate: '2026-11-01',
      notifiedAt: '2026-11-03',
      issuingBody: undefined,
      externalReference: undefined,
      allegations: ['First', 'Second'],
      summary: undefined,
      priority: 'normal',
      tags: ['press'],
      assigneeId: 'a1',
      coordinatorId: undefined,
    });
  });

  it('sends only the member id when the case is linked to an existing member', () => {
    const body = intakeBody({ ...filled, memberId: 'm1' });
    expect(body.memberId).toBe('m1');
    expect(body.member).toBeUndefined();
  });

  it('asks for the required fields before sending, except the name of a linked member', () => {
    expect(missingIntakeFields(EMPTY_INTAKE).map((e) => e.fieldId)).toEqual([
      'fullName',
      'actionType',
      'actionDate',
      'notifiedAt',
    ]);
    expect(missingIntakeFields({ ...EMPTY_INTAKE, memberId: 'm1' }).map((e) => e.fieldId)).not.toContain(
      'fullName',
    );
    expect(missingIntakeFields(filled)).toEqual([]);
  });
});
