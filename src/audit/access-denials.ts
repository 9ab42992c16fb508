import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionService } from '../database/transaction.service';
import { requestContext } from '../http/request-context';
import {
  ACCESS_DENIED,
  AccessDenial,
  accessDenialOf,
  denialDetails,
  denialKey,
  RefusedRequest,
} from './access-denied';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';

/** Keys remembered by this process; past minutes are dropped as soon as the minute turns. */
const MAX_REMEMBERED = 10_000;

/**
 * Writes the access.denied entries, at most one per actor, route and minute.
 *
 * The rule holds across app instances without a table of its own: the entry goes through the
 * audit chain, whose appends are serialised (the head row is locked on PostgreSQL; SQLite writes
 * one unit at a time), and the check for this minute's entry runs inside that same serialised
 * append — after the lock — so two instances cannot both find none. Each instance also remembers
 * the keys it has written, so a burst of refusals costs one write, not one per request.
 *
 * The refused request never waits for it and never fails because of it: the write runs after the
 * answer is decided, and a failure is logged, not thrown.
 */
@Injectable()
export class AccessDenials {
  private readonly logger = new Logger(AccessDenials.name);
  private readonly written = new Map<string, string>();
  private minute = '';

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** Called by the exception filter with every error answer; records the ones that refuse access. */
  refused(req: RefusedRequest, status: number, exception: unknown): void {
    const denial = accessDenialOf(req, status, exception);
    if (!denial) return;
    if (denial.minute !== this.minute || this.written.size > MAX_REMEMBERED) {
      this.written.clear();
      this.minute = denial.minute;
    }
    const key = denialKey(denial);
    if (this.written.has(key)) return;
    this.written.set(key, denial.minute);
    const ctx = requestContext.get();
    this.write(denial, ctx?.requestId ?? null, ctx?.clientAddress ?? null).catch((err: unknown) => {
      this.written.delete(key);
      this.logger.warn(
        { route: denial.route, err: err instanceof Error ? err.message : String(err) },
        'access.denied not recorded',
      );
    });
  }

  /** Resolves once the entry is written (or found already written by another instance). */
  async write(denial: AccessDenial, requestId: string | null, clientAddress: string | null): Promise<void> {
    await this.tx.run(async (m) => {
      await lockChainHead(m);
      if (await alreadyWritten(m, denial)) return;
      await this.audit.record(m, {
        action: ACCESS_DENIED,
        actorId: denial.actorId,
        entityType: denial.targetType ?? undefined,
        entityId: denial.targetId ?? undefined,
        details: denialDetails(denial),
        requestId,
        clientAddress,
      });
    });
  }
}

/** Takes the chain's append lock now (PostgreSQL), so the check below and the append are one step. */
async function lockChainHead(m: EntityManager): Promise<void> {
  if (m.connection.options.type !== 'postgres') return;
  await m.query('SELECT id FROM audit_head WHERE id = 1 FOR UPDATE');
}

/** This actor's access.denied entries since the minute began, for this route and minute. */
async function alreadyWritten(m: EntityManager, denial: AccessDenial): Promise<boolean> {
  const qb = m
    .getRepository(AuditEntry)
    .createQueryBuilder('a')
    .select(['a.id', 'a.details'])
    .where('a.at >= :since', { since: `${denial.minute}:00.000Z` })
    .andWhere('a.action = :action', { action: ACCESS_DENIED });
  if (denial.actorId) qb.andWhere('a.actorId = :actorId', { actorId: denial.actorId });
  else qb.andWhere('a.actorId IS NULL');
  const rows = await qb.getMany();
  return rows.some((row) => {
    const details = JSON.parse(row.details) as { route?: string; minute?: string };
    return details.route === denial.route && details.minute === denial.minute;
  });
}
