import { dateConflictErrors, dateConflictsOf, fieldErrors, messagesByField } from './form-errors';

describe('messagesByField', () => {
  const fields = {
    member: 'fullName',
    'member.email': 'email',
    allegations: 'allegations',
    actionDate: 'actionDate',
  };

  it('puts each server message beside the field it names, the longest path first', () => {
    const errors = messagesByField(
      [
        'member.email must be an email address',
        'actionDate must not be in the future',
        'member must be an object (or give memberId)',
        'each value in allegations must be a string',
        'Something else went wrong',
      ],
      fields,
    );
    expect(errors).toEqual([
      { fieldId: 'email', message: 'member.email must be an email address' },
      { fieldId: 'actionDate', message: 'actionDate must not be in the future' },
      { fieldId: 'fullName', message: 'member must be an object (or give memberId)' },
      { fieldId: 'allegations', message: 'each value in allegations must be a string' },
      { message: 'Something else went wrong' },
    ]);
  });

  it('does not take a field whose name merely starts like another', () => {
    expect(messagesByField(['actionDateX is odd'], fields)).toEqual([{ message: 'actionDateX is odd' }]);
  });

  it('shows the first error of each field beside it', () => {
    expect(
      fieldErrors([
        { fieldId: 'email', message: 'first' },
        { fieldId: 'email', message: 'second' },
        { message: 'nowhere' },
      ]),
    ).toEqual({ email: 'first' });
  });
});

describe('dateConflictErrors', () => {
  const body = {
    code: 'DATE_CONFLICT',
    conflicts: [
      {
        field: 'occurredAt',
        value: '2019-03-01',
        mustNotBe: 'before',
        other: 'appeal.lodgedAt',
        otherValue: '2019-03-20',
      },
      {
        field: 'occurredAt',
        value: '2019-03-01',
        mustNotBe: 'before',
        other: 'appeal.hearingAt',
        otherValue: '2019-05-14T10:00:00.000Z',
      },
    ],
  };

  it("puts the first conflict of a field beside it, in the users' words", () => {
    expect(
      dateConflictErrors(
        dateConflictsOf(body),
        { occurredAt: 'decision-date' },
        { 'appeal.lodgedAt': 'the lodging of the appeal' },
        (v) => `[${v}]`,
      ),
    ).toEqual({ 'decision-date': 'Must not be before the lodging of the appeal ([2019-03-20])' });
  });

  it('finds none in another refusal', () => {
    expect(dateConflictsOf({ code: 'GUARD_FAILED' })).toEqual([]);
    expect(dateConflictsOf(undefined)).toEqual([]);
  });
});
