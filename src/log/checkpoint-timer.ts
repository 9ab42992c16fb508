/** Signing on an interval, apart from Nest so that it can be tested on its own. */
export interface CheckpointTimer {
  stop(): void;
}

/**
 * Calls sign every `minutes` minutes until stopped; a failed signing is reported and tried again
 * at the next interval. The timer does not keep the process alive.
 */
export function startCheckpointTimer(
  minutes: number,
  sign: () => Promise<unknown>,
  onError: (err: Error) => void,
): CheckpointTimer {
  const timer = setInterval(() => void sign().catch(onError), minutes * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
