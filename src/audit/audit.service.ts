import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReadDatabase } from '../database/read-database';
import { auditLeaf } from '../log/log-records';
import { LogWriter } from '../log/log-writer';
import { insertRowsReturning } from '../database/row-insert';
import { rangeEnd, rangeStart } from '../http/dates';
import { requestContext } from '../http/request-context';
import { AuditEntry, AuditHead } from './audit-entry.entity';
import { canonicalJson, ChainCheck, ChainVerifier, entryHash } from './audit-chain';
import { AuditQueryDto } from './dto/audit-query.dto';

export interface AuditRecord {
  action: string;
  entityType?: string;
  entityId?: string;
  /** Small, non-personal facts: ids, counts, flags, changed field names. */
  details?: Record<string, unknown>;
  /** Defaults to the authenticated caller of the current request. */
  actorId?: string | null;
  /** Default to the current request's (a batch writes entries for several requests). */
  requestId?: string | null;
  clientAddress?: string | null;
}

const VERIFY_BATCH = 1000;

@Injectable()
export class AuditService {
  constructor(
    private readonly reads: ReadDatabase,
    private readonly log: LogWriter,
  ) {}

  /**
   * Appends to the hash chain inside the caller's transaction, so the entry commits or rolls
   * back with the change it records. Locking the head row serialises appends on PostgreSQL;
   * on SQLite the transaction queue already does.
   */
  async record(manager: EntityManager, record: AuditRecord): Promise<AuditEntry> {
    const [entry] = await this.recordAll(manager, [record]);
    return entry;
  }

  /** Several entries of one change, in order, with one read and one write of the chain's head. */
  async recordAll(manager: EntityManager, records: AuditRecord[]): Promise<AuditEntry[]> {
    if (!records.length) return [];
    const ctx = requestContext.get();
    const headQuery = manager.getRepository(AuditHead).createQueryBuilder('h').where('h.id = 1');
    if (manager.connection.options.type === 'postgres') headQuery.setLock('pessimistic_write');
    const head = await headQuery.getOneOrFail();

    const entries: AuditEntry[] = [];
    let prevHash = head.lastHash;
    for (const record of records) {
      const fields = {
        at: new Date().toISOString(),
        actorId: record.actorId !== undefined ? record.actorId : (ctx?.userId ?? null),
        action: record.action,
        entityType: record.entityType ?? null,
        entityId: record.entityId ?? null,
        requestId: record.requestId !== undefined ? record.requestId : (ctx?.requestId ?? null),
        clientAddress:
          record.clientAddress !== undefined ? record.clientAddress : (ctx?.clientAddress ?? null),
        details: canonicalJson(record.details ?? {}),
        prevHash,
      };
      entries.push(manager.getRepository(AuditEntry).create({ ...fields, hash: entryHash(fields) }));
      prevHash = entries[entries.length - 1].hash;
    }
    // One INSERT for all of them; the ids are the database's (the hash does not cover them).
    const ids = await insertRowsReturning(manager, AuditEntry, entries, 'id');
    entries.forEach((entry, i) => (entry.id = Number(ids[i])));
    await this.log.record(manager, entries.map(auditLeaf));
    const last = entries[entries.length - 1];
    // Bound values (the query builder's update inlines the numbers, a new statement text each time).
    const p = (name: string, index: number) => manager.connection.driver.createParameter(name, index);
    await manager.query(
      `UPDATE audit_head SET last_id = ${p('lastId', 0)}, last_hash = ${p('lastHash', 1)}, entries = entries + ${p('added', 2)} WHERE id = 1`,
      [last.id, last.hash, entries.length],
    );
    return entries;
  }

  async list(
    query: AuditQueryDto,
  ): Promise<{ items: AuditEntry[]; total: number; page: number; limit: number }> {
    const qb = this.reads.source.getRepository(AuditEntry).createQueryBuilder('a');
    if (query.entityType) qb.andWhere('a.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('a.actorId = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    const from = rangeStart(query.from);
    const to = rangeEnd(query.to);
    if (from) qb.andWhere('a.at >= :from', { from: from.toISOString() });
    if (to) qb.andWhere('a.at <= :to', { to: to.toISOString() });
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    const [items, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((page - 1) * limit)
      .take(limit)
      .getManyAndCount();
    return { items: items.map((i) => ({ ...i, details: JSON.parse(i.details) })), total, page, limit };
  }

  /**
   * Re-walks the whole chain in batches (never the whole table in memory) and compares its end
   * with the head. Entries and head are read in one snapshot: read at different moments, a change
   * committed in between (its entries, then the head moved past them) would look like tampering.
   */
  async verify(): Promise<ChainCheck> {
    return this.reads.snapshot(async (m) => {
      const verifier = new ChainVerifier();
      const repo = m.getRepository(AuditEntry);
      let after = 0;
      for (;;) {
        const batch = await repo
          .createQueryBuilder('a')
          .where('a.id > :after', { after })
          .orderBy('a.id', 'ASC')
          .take(VERIFY_BATCH)
          .getMany();
        batch.forEach((row) => verifier.push(row));
        if (batch.length < VERIFY_BATCH) break;
        after = batch[batch.length - 1].id;
      }
      const head = await m.getRepository(AuditHead).findOneByOrFail({ id: 1 });
      return verifier.result(head);
    });
  }
}
