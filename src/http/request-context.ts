import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is asking and from where: set per request, read by the audit trail and the logs. */
export interface RequestContext {
  requestId: string;
  clientAddress?: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
};
