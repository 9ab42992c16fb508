import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it.each([
    ['eleven-char', /^newPassword must be at least 12 characters$/],
    ['1qaz2wsx3edc', /^newPassword is a commonly used password/],
    ['QWERTY123456', /^newPassword is a commonly used password/],
    ['Jo.Example@Caseline.test', /^newPassword must not be your email address$/],
  ])('refuses %p, naming the field', (password, message) => {
    expect(passwordProblem(password, 'jo.example@caseline.test', 'newPassword')).toMatch(message);
  });

  it('accepts a long password that is neither common nor the email', () => {
    expect(passwordProblem('correct horse battery staple', 'jo@caseline.test', 'newPassword')).toBeNull();
  });

  it('names the field it is given', () => {
    expect(passwordProblem('short', undefined, 'password')).toBe('password must be at least 12 characters');
  });

  it('checks against the package’s list, not a handful of words', () => {
    // Long entries of the list: a hand-typed list would not have them.
    for (const p of ['123qweasdzxc', 'q1w2e3r4t5y6', 'qazwsxedcrfv'])
      expect(passwordProblem(p, undefined, 'password')).toMatch(/commonly used/);
  });
});
