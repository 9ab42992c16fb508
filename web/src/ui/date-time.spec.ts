import { localInstant, localParts } from './date-time';

describe('local date and time', () => {
  it('goes to an instant and back unchanged', () => {
    const iso = localInstant('2026-12-14', '10:30');
    expect(new Date(iso).toISOString()).toBe(iso);
    expect(localParts(iso)).toEqual({ date: '2026-12-14', time: '10:30' });
  });
  it('shows nothing for no instant', () => {
    expect(localParts(null)).toEqual({ date: null, time: '' });
  });
});
