import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../http/domain-error';
import { Case } from './case.entity';

/**
 * For other features (evidence, reminders, exports…) that hang records on a case: loads the case
 * or answers 404. Pass the transaction's manager to read inside it.
 */
@Injectable()
export class CaseAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async getCaseOr404(id: string, manager?: EntityManager): Promise<Case> {
    const found = await (manager ?? this.dataSource.manager).getRepository(Case).findOneBy({ id });
    if (!found) throw notFound('Case');
    return found;
  }

  async exists(id: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.dataSource.manager).getRepository(Case).existsBy({ id });
  }
}
