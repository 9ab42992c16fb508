import { startCheckpointTimer } from './checkpoint-timer';

describe(startCheckpointTimer.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('signs every interval until stopped', () => {
    const sign = jest.fn(() => Promise.resolve());
    const timer = startCheckpointTimer(60, sign, () => undefined);
    jest.advanceTimersByTime(59 * 60_000);
    expect(sign).not.toHaveBeenCalled();
    jest.advanceTimersByTime(60_000);
    expect(sign).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(60 * 60_000);
    expect(sign).toHaveBeenCalledTimes(2);
    timer.stop();
    jest.advanceTimersByTime(120 * 60_000);
    expect(sign).toHaveBeenCalledTimes(2);
  });

  it('reports a failed signing and tries again at the next interval', async () => {
    const errors: string[] = [];
    const sign = jest.fn(() => Promise.reject(new Error('database down')));
    const timer = startCheckpointTimer(1, sign, (e) => errors.push(e.message));
    jest.advanceTimersByTime(60_000);
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(60_000);
    await Promise.resolve();
    await Promise.resolve();
    expect(sign).toHaveBeenCalledTimes(2);
    expect(errors).toEqual(['database down', 'database down']);
    timer.stop();
  });
});
