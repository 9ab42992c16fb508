import { Global, Injectable, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Case } from './case.entity';

/** What just happened to a case, inside the transaction that did it. */
export type CaseChange =
  /** The case as intake stored it: it has no appeals or reminders yet. */
  | { kind: 'intake'; caseId: string; created: Case }
  | { kind: 'updated'; caseId: string; fields: string[] }
  | { kind: 'transition'; caseId: string; from: string; to: string }
  | { kind: 'appeal_created'; caseId: string; appealId: string }
  | { kind: 'appeal_updated'; caseId: string; appealId: string; fields: string[] };

export type CaseChangeListener = (manager: EntityManager, change: CaseChange) => Promise<void>;

/**
 * Lets features react to case changes in the same transaction (e.g. reminders follow the
 * appeal deadline and hearings) without the case services knowing them.
 */
@Injectable()
export class CaseLifecycle {
  private readonly listeners: CaseChangeListener[] = [];

  subscribe(listener: CaseChangeListener): void {
    this.listeners.push(listener);
  }

  async changed(manager: EntityManager, change: CaseChange): Promise<void> {
    for (const listener of this.listeners) await listener(manager, change);
  }
}

@Global()
@Module({ providers: [CaseLifecycle], exports: [CaseLifecycle] })
export class CaseLifecycleModule {}
