import { fieldErrors, messagesByField } from './form-errors';

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
