import { validateEnvironment } from '../config/config';
import { deliveryRetry } from './reminder-retry';

// Bull's own backoff arithmetic (CommonJS, no types): what the job options make Bull do.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const backoffs = require('bull/lib/backoffs') as {
  calculate(backoff: unknown, attemptsMade: number, custom: Record<string, unknown>): number;
};

/** The waits Bull puts before each retry of a job that fails every time. */
function waits(attempts: number, backoffMs: number): number[] {
  const retry = deliveryRetry(attempts, backoffMs);
  return Array.from({ length: retry.attempts - 1 }, (_, i) => backoffs.calculate(retry.backoff, i + 1, {}));
}

describe(deliveryRetry.name, () => {
  it('waits 1, 3, 7, 15 times the base before the retries (2ⁿ − 1), not a doubling', () => {
    expect(waits(5, 2000)).toEqual([2000, 6000, 14_000, 30_000]);
  });

  it('gives up about 28.5 minutes after the first try with the defaults (30 s, 6 tries)', () => {
    const config = validateEnvironment({});
    expect(config).toMatchObject({ reminderBackoffMs: 30_000, reminderAttempts: 6 });
    const schedule = waits(config.reminderAttempts, config.reminderBackoffMs);
    expect(schedule).toEqual([30_000, 90_000, 210_000, 450_000, 930_000]);
    expect(schedule.reduce((a, b) => a + b, 0)).toBe(28.5 * 60_000);
  });
});
