import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReadDatabase } from '../database/read-database';
import { notFound } from '../http/domain-error';
import { Case } from './case.entity';

/**
 * For other features (evidence, reminders, exports…) that hang records on a case: loads the case
 * or answers 404. Pass the transaction's manager to read inside it.
 */
@Injectable()
export class CaseAccess {
  constructor(private readonly reads: ReadDatabase) {}

  async getCaseOr404(id: string, manager?: EntityManager): Promise<Case> {
    const found = await (manager ?? this.reads.source.manager).getRepository(Case).findOneBy({ id });
    if (!found) throw notFound('Case');
    return found;
  }

  async exists(id: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.reads.source.manager).getRepository(Case).existsBy({ id });
  }
}
