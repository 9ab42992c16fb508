import { isThrottled, MAX_LOGIN_FAILURES } from './login-throttle';

describe('isThrottled', () => {
  it.each([
    [0, 0, false],
    [9, 9, false],
    [MAX_LOGIN_FAILURES, 0, true],
    [0, MAX_LOGIN_FAILURES, true],
    [MAX_LOGIN_FAILURES - 1, MAX_LOGIN_FAILURES - 1, false],
    [50, 50, true],
  ])('with %i failures for the account and %i for the address: %p', (forAccount, forAddress, expected) => {
    expect(isThrottled({ forAccount, forAddress })).toBe(expected);
  });

  it('lets exactly 10 failures through and refuses the 11th attempt', () => {
    expect(MAX_LOGIN_FAILURES).toBe(10);
  });
});
