import type { Queue } from 'bull';

/** Waits for a Redis command at most `ms`; the command itself may still complete later. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Bull's clients queue commands forever while Redis is down (maxRetriesPerRequest: null). Code
 * answering a request checks this first and leaves the work to the reconciler when it is false.
 */
export function queueReady(queue: Queue): boolean {
  return (queue.client as { status?: string } | undefined)?.status === 'ready';
}
