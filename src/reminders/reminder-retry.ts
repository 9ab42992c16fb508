import type { JobOptions } from 'bull';

/**
 * How Bull retries a failed delivery job. `attempts` counts every try, the first included.
 * Bull's exponential backoff does not double the wait: after the n-th failed try it waits
 * (2ⁿ − 1) × backoffMs, i.e. 1, 3, 7, 15, 31 … times the base. With the defaults (30 s, 6 tries)
 * that is 30 s, 1.5, 3.5, 7.5 and 15.5 min: the reminder is `failed` about 28.5 min after its
 * first try.
 */
export function deliveryRetry(
  attempts: number,
  backoffMs: number,
): Required<Pick<JobOptions, 'attempts' | 'backoff'>> {
  return { attempts, backoff: { type: 'exponential', delay: backoffMs } };
}
