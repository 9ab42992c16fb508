import { Global, Injectable, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuditRecord } from '../audit/audit.service';
import type { Case } from './case.entity';

/**
 * Who made a change, for what the change leads to being audited under their name: given when
 * several people's changes are written together (intakes in one batch), where the request
 * context is only that of the first.
 */
export interface ChangeAuthor {
  actorId: string;
  requestId: string | null;
  clientAddress: string | null;
}

/** What just happened to a case, inside the transaction that did it. */
export type CaseChange =
  /** The case as intake stored it: it has no appeals or reminders yet. */
  | { kind: 'intake'; caseId: string; created: Case; by?: ChangeAuthor }
  | { kind: 'updated'; caseId: string; fields: string[] }
  | { kind: 'transition'; caseId: string; from: string; to: string }
  | { kind: 'appeal_created'; caseId: string; appealId: string }
  | { kind: 'appeal_updated'; caseId: string; appealId: string; fields: string[] };

export type CaseChangeListener = (manager: EntityManager, change: CaseChange) => Promise<void>;
/**
 * The same for several changes at once, in order (e.g. a batch of intakes): fewer statements. It
 * answers with the audit records of what it did, for the caller to append with its own in the
 * same transaction (one append instead of one per listener).
 */
export type CaseChangesListener = (manager: EntityManager, changes: CaseChange[]) => Promise<AuditRecord[]>;

interface Subscription {
  one: CaseChangeListener;
  many?: CaseChangesListener;
}

/**
 * Lets features react to case changes in the same transaction (e.g. reminders follow the
 * appeal deadline and hearings) without the case services knowing them.
 */
@Injectable()
export class CaseLifecycle {
  private readonly listeners: Subscription[] = [];

  /** `many`, if given, takes several changes at once; otherwise `one` takes them one by one. */
  subscribe(one: CaseChangeListener, many?: CaseChangesListener): void {
    this.listeners.push({ one, many });
  }

  async changed(manager: EntityManager, change: CaseChange): Promise<void> {
    for (const listener of this.listeners) await listener.one(manager, change);
  }

  /** Several changes at once; answers the audit records the caller is to append (see CaseChangesListener). */
  async changedAll(manager: EntityManager, changes: CaseChange[]): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    if (!changes.length) return records;
    for (const { one, many } of this.listeners) {
      if (many) records.push(...(await many(manager, changes)));
      else for (const change of changes) await one(manager, change);
    }
    return records;
  }
}

@Global()
@Module({ providers: [CaseLifecycle], exports: [CaseLifecycle] })
export class CaseLifecycleModule {}
