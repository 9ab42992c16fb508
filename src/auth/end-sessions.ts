import { EntityManager, IsNull, Not } from 'typeorm';
import { Session } from './session.entity';
import type { SessionEnd } from './session-rules';

/**
 * Ends every live session of a user (but `keepId`, the caller's own) inside the caller's
 * transaction; returns how many ended. Their cookies get 401 from the next request on.
 */
export async function endSessionsOf(
  m: EntityManager,
  userId: string,
  reason: SessionEnd,
  keepId?: string,
): Promise<number> {
  const result = await m
    .getRepository(Session)
    .update(
      { userId, endedAt: IsNull(), ...(keepId ? { id: Not(keepId) } : {}) },
      { endedAt: new Date(), endReason: reason },
    );
  return result.affected ?? 0;
}
