import { CheckpointScheduler } from './checkpoint-scheduler';
import { LogService } from './log.service';

describe(CheckpointScheduler.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const make = (worker: boolean, fail = false) => {
    const checkpointNow = jest.fn(() =>
      fail ? Promise.reject(new Error('db down')) : Promise.resolve({ size: 3 }),
    );
    const config = { get: (key: string) => ({ worker, checkpointIntervalMinutes: 60 })[key] };
    const scheduler = new CheckpointScheduler({ checkpointNow } as unknown as LogService, config as never);
    return { scheduler, checkpointNow };
  };

  it('signs a checkpoint every CHECKPOINT_INTERVAL_MINUTES in a process that does background work', () => {
    const { scheduler, checkpointNow } = make(true);
    scheduler.onApplicationBootstrap();
    jest.advanceTimersByTime(59 * 60_000);
    expect(checkpointNow).not.toHaveBeenCalled();
    jest.advanceTimersByTime(60_000);
    expect(checkpointNow).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(60 * 60_000);
    expect(checkpointNow).toHaveBeenCalledTimes(2);
    scheduler.onApplicationShutdown();
    jest.advanceTimersByTime(120 * 60_000);
    expect(checkpointNow).toHaveBeenCalledTimes(2);
  });

  it('leaves it to the workers when WORKER=off', () => {
    const { scheduler, checkpointNow } = make(false);
    scheduler.onApplicationBootstrap();
    jest.advanceTimersByTime(180 * 60_000);
    expect(checkpointNow).not.toHaveBeenCalled();
  });

  it('survives a failed signing (it tries again at the next interval)', async () => {
    const { scheduler, checkpointNow } = make(true, true);
    await expect(scheduler.tick()).resolves.toBeUndefined();
    expect(checkpointNow).toHaveBeenCalledTimes(1);
  });
});
