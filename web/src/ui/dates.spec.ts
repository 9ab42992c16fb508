import { parseDate } from './dates';

describe('parseDate', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['1 Mar 2026', '2026-03-01'],
    ['1 March 2026', '2026-03-01'],
    ['1/3/2026', '2026-03-01'],
    ['01.03.2026', '2026-03-01'],
    [' 1 3 2026 ', '2026-03-01'],
  ])('reads %s as %s (day before month, as written in the UK)', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each(['', 'soon', '2026-02-30', '31/2/2026', '13/13/2026'])('refuses %s', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});
