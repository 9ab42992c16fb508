import { BadRequestException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { Brackets, EntityManager, In, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/config';
import { ReadDatabase } from '../database/read-database';
import { insertRows } from '../database/row-insert';
import { TransactionService } from '../database/transaction.service';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import { DomainError, notFound } from '../http/domain-error';
import { MemberInputDto } from '../members/dto/member-input.dto';
import { Member } from '../members/member.entity';
import {
  duplicateReasons,
  DuplicateReason,
  normaliseEmail,
  normaliseMembershipNumber,
  normaliseName,
  normaliseParty,
  normalisePhone,
  tidyName,
} from '../members/member-normalise';
import { TimelineWriter } from '../timeline/timeline-writer';
import { DatePrecision, TimelineEventType } from '../timeline/timeline-event.entity';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CaseLifecycle } from './case-lifecycle';
import { appealDeadline, dateAtUtcMidnight } from './case-dates';
import { formatReference } from './case-reference';
import { caseSearchMatch } from './case-search';
import { ActionType, CaseStatus, FINISHED_STATUSES, Priority } from './case-status';
import { Case, CaseReferenceCounter } from './case.entity';
import { CaseView, toCaseView } from './case-view';
import { assertNever } from './case-workflow';
import { CaseQueryDto, CaseSortField } from './dto/case-query.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';

export type PossibleDuplicate =
  | {
      kind: 'member';
      memberId: string;
      fullName: string;
      membershipNumber: string | null;
      constituencyParty: string | null;
      reasons: DuplicateReason[];
    }
  | { kind: 'open_case'; caseId: string; reference: string; status: CaseStatus; reasons: ['same_member'] };

const MAX_DUPLICATE_HINTS = 20;

export function actionLabel(type: ActionType): string {
  switch (type) {
    case ActionType.AdministrativeSuspension:
      return 'Administrative suspension';
    case ActionType.Suspension:
      return 'Suspension';
    case ActionType.AutoExclusion:
      return 'Auto-exclusion';
    case ActionType.Expulsion:
      return 'Expulsion';
    default:
      return assertNever(type);
  }
}

/** Whether the list query narrows by anything besides q. */
function hasCaseFilters(query: CaseQueryDto): boolean {
  return Boolean(
    query.status?.length ||
    query.actionType?.length ||
    query.assigneeId ||
    query.deadlineBefore ||
    query.region ||
    query.constituencyParty,
  );
}

function sortColumn(field: CaseSortField): string {
  switch (field) {
    case 'updatedAt':
      return 'c.updatedAt';
    case 'actionDate':
      return 'c.actionDate';
    case 'appealDeadline':
      return 'c.appealDeadline';
    case 'reference':
      return 'c.reference';
    default:
      return assertNever(field);
  }
}

@Injectable()
export class CasesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly timeline: TimelineWriter,
    private readonly lifecycle: CaseLifecycle,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly reads: ReadDatabase,
  ) {}

  /** Intake: member (new or linked), reference, case, its first two events and the audit entry, all or nothing. */
  async intake(
    user: User,
    dto: CreateCaseDto,
  ): Promise<CaseView & { possibleDuplicates: PossibleDuplicate[] }> {
    if (dto.member !== undefined && dto.memberId !== undefined)
      throw new BadRequestException(['member and memberId cannot both be given: give one']);
    const windowDays = this.config.get('appealWindowDays', { infer: true });
    return this.tx.run(async (m) => {
      await this.checkStaff(m, dto.assigneeId, dto.coordinatorId);
      const { member, created, linked, duplicates } = await this.resolveMember(m, dto);
      const year = new Date().getUTCFullYear();
      const reference = formatReference(year, await this.nextSequence(m, year));
      const saved = await insertWithoutReload(
        m,
        Case,
        m.getRepository(Case).create({
          reference,
          memberId: member.id,
          actionType: dto.actionType,
          actionDate: dto.actionDate,
          notifiedAt: dto.notifiedAt,
          appealDeadline: appealDeadline(dto.notifiedAt, windowDays),
          issuingBody: dto.issuingBody?.trim() || null,
          externalReference: dto.externalReference?.trim() || null,
          allegations: (dto.allegations ?? []).map((a) => a.trim()),
          summary: dto.summary ?? null,
          priority: dto.priority ?? Priority.Normal,
          tags: Array.from(new Set((dto.tags ?? []).map((t) => t.trim()))),
          assigneeId: dto.assigneeId ?? null,
          coordinatorId: dto.coordinatorId ?? null,
          createdBy: user.id,
          status: CaseStatus.Intake,
        }),
      );
      const label = actionLabel(dto.actionType);
      await this.timeline.appendAll(m, [
        {
          caseId: saved.id,
          type: TimelineEventType.ActionTaken,
          occurredAt: dateAtUtcMidnight(dto.actionDate),
          precision: DatePrecision.Day,
          title: saved.issuingBody ? `${label} by ${saved.issuingBody}` : label,
          recordedBy: user.id,
        },
        {
          caseId: saved.id,
          type: TimelineEventType.Notified,
          occurredAt: dateAtUtcMidnight(dto.notifiedAt),
          precision: DatePrecision.Day,
          title: `Member notified of the ${label.toLowerCase()}`,
          recordedBy: user.id,
        },
      ]);
      const possibleDuplicates = duplicates ?? (await this.findDuplicates(m, member, saved.id, created));
      await this.audit.recordAll(m, [
        ...(created ? [{ action: 'member.create', entityType: 'member', entityId: member.id }] : []),
        {
          action: 'case.create',
          entityType: 'case',
          entityId: saved.id,
          details: {
            reference,
            memberId: member.id,
            memberCreated: created,
            linkedByMembershipNumber: linked,
            possibleDuplicates: possibleDuplicates.length,
          },
        },
      ]);
      await this.lifecycle.changed(m, { kind: 'intake', caseId: saved.id, created: saved });
      return { ...toCaseView(saved, member, user.role), possibleDuplicates };
    });
  }

  async list(
    user: User,
    query: CaseQueryDto,
  ): Promise<{ items: CaseView[]; total: number; page: number; limit: number }> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    const q = query.q?.trim();
    const onlyQ = Boolean(q) && !hasCaseFilters(query);
    const sqlite = this.reads.source.options.type === 'sqlite';
    // On SQLite the text index is read once: the matching ids then stand in for q in the count
    // and the page (one bound JSON array, however many there are).
    const match = q && sqlite ? caseSearchMatch(q) : null;
    const matchedIds = match ? await this.searchIndex(match) : null;

    // Filters touch members only through subqueries, so the count and the choice of the page scan
    // cases (mostly their covering indexes) alone; whole rows are read for the page only.
    // Choosing the page, SQLite should walk the sort's (or the status's) index and stop once the page
    // is full; the unary + keeps it from starting at the member filter instead, which would sort
    // every case of a region (its statistics, after ANALYZE, make that look cheaper than it is).
    const filtered = (forPage = false) => {
      const memberId = forPage && sqlite ? '+c.member_id' : 'c.member_id';
      const qb = this.reads.source.getRepository(Case).createQueryBuilder('c');
      if (query.status?.length) qb.andWhere('c.status IN (:...status)', { status: query.status });
      if (query.actionType?.length)
        qb.andWhere('c.actionType IN (:...actionType)', { actionType: query.actionType });
      if (query.assigneeId) qb.andWhere('c.assigneeId = :assigneeId', { assigneeId: query.assigneeId });
      if (query.deadlineBefore)
        qb.andWhere('c.appealDeadline < :deadlineBefore', { deadlineBefore: query.deadlineBefore });
      if (query.region) {
        qb.andWhere(`${memberId} IN (SELECT r.id FROM members r WHERE LOWER(r.region) = :region)`, {
          region: query.region.trim().toLowerCase(),
        });
      }
      if (query.constituencyParty) {
        qb.andWhere(
          `${memberId} IN (SELECT p.id FROM members p WHERE LOWER(p.constituency_party) = :party)`,
          {
            party: normaliseParty(query.constituencyParty),
          },
        );
      }
      if (matchedIds) {
        qb.andWhere('c.id IN (SELECT value FROM json_each(:matchedIds))', {
          matchedIds: JSON.stringify(matchedIds),
        });
      } else if (q) {
        // Every piece of q is a bound parameter; LIKE wildcards in it are escaped.
        qb.andWhere(
          new Brackets((w) =>
            w
              .where(`c.reference LIKE :qUpper ${LIKE_ESCAPE}`)
              .orWhere(`LOWER(c.summary) LIKE :qLower ${LIKE_ESCAPE}`)
              .orWhere(
                `c.member_id IN (SELECT s.id FROM members s WHERE s.normalised_name LIKE :qName ${LIKE_ESCAPE}` +
                  ` OR s.membership_number LIKE :qUpper ${LIKE_ESCAPE})`,
              ),
          ),
          {
            qUpper: containsPattern(q.toUpperCase()),
            qName: containsPattern(normaliseName(q)),
            qLower: containsPattern(q.toLowerCase()),
          },
        );
      }
      return qb;
    };
    const sort = query.sort ?? '-updatedAt';
    const descending = sort.startsWith('-');
    const field = (descending ? sort.slice(1) : sort) as CaseSortField;
    let total: number;
    if (matchedIds && onlyQ) total = matchedIds.length;
    else if (matchedIds && !matchedIds.length) total = 0;
    else {
      const counted = await filtered().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
      total = Number(counted?.n ?? 0);
    }
    const pageIds =
      total === 0
        ? []
        : (
            await filtered(true)
              .select('c.id', 'id')
              .orderBy(sortColumn(field), descending ? 'DESC' : 'ASC')
              .addOrderBy('c.id', descending ? 'DESC' : 'ASC')
              .offset((page - 1) * limit)
              .limit(limit)
              .getRawMany<{ id: string }>()
          ).map((r) => r.id);
    const found = pageIds.length
      ? await this.reads.source
          .getRepository(Case)
          .find({ where: { id: In(pageIds) }, relations: { member: true } })
      : [];
    const byId = new Map(found.map((c) => [c.id, c]));
    const rows = pageIds.map((id) => byId.get(id)).filter((c): c is Case => c !== undefined);
    await this.tx.run((m) =>
      this.audit.record(m, {
        action: 'case.list',
        entityType: 'case',
        details: { returned: rows.length, total, page, searched: Boolean(q) },
      }),
    );
    return { items: rows.map((c) => toCaseView(c, c.member!, user.role)), total, page, limit };
  }

  /** The ids of the cases whose text matches (SQLite's case_search index). */
  private async searchIndex(match: string): Promise<string[]> {
    const rows = (await this.reads.source.query(
      'SELECT k.case_id AS id FROM case_search s JOIN case_search_keys k ON k.search_rowid = s.rowid' +
        ' WHERE case_search MATCH ?',
      [match],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async get(user: User, id: string): Promise<CaseView> {
    return this.tx.run(async (m) => {
      const found = await m.getRepository(Case).findOne({ where: { id }, relations: { member: true } });
      if (!found) throw notFound('Case');
      await this.audit.record(m, { action: 'case.read', entityType: 'case', entityId: id });
      return toCaseView(found, found.member!, user.role);
    });
  }

  /** Edits the editable fields under optimistic locking: a stale version changes nothing. */
  async update(user: User, id: string, dto: UpdateCaseDto): Promise<CaseView> {
    return this.tx.run(async (m) => {
      const repo = m.getRepository(Case);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('Case');
      if (current.version !== dto.version) throw staleCase(current.version);
      await this.checkStaff(m, dto.assigneeId, dto.coordinatorId);

      const patch: Partial<Case> = {};
      if (dto.actionType !== undefined) patch.actionType = dto.actionType;
      if (dto.actionDate !== undefined) patch.actionDate = dto.actionDate;
      if (dto.notifiedAt !== undefined) {
        patch.notifiedAt = dto.notifiedAt;
        patch.appealDeadline = appealDeadline(
          dto.notifiedAt,
          this.config.get('appealWindowDays', { infer: true }),
        );
      }
      if (dto.issuingBody !== undefined) patch.issuingBody = dto.issuingBody.trim() || null;
      if (dto.externalReference !== undefined) patch.externalReference = dto.externalReference.trim() || null;
      if (dto.allegations !== undefined) patch.allegations = dto.allegations.map((a) => a.trim());
      if (dto.summary !== undefined) patch.summary = dto.summary;
      if (dto.priority !== undefined) patch.priority = dto.priority;
      if (dto.tags !== undefined) patch.tags = Array.from(new Set(dto.tags.map((t) => t.trim())));
      if (dto.assigneeId !== undefined) patch.assigneeId = dto.assigneeId;
      if (dto.coordinatorId !== undefined) patch.coordinatorId = dto.coordinatorId;
      const changed = (Object.keys(patch) as (keyof Case)[]).filter(
        (k) => JSON.stringify(patch[k]) !== JSON.stringify(current[k]),
      );

      const result = await m
        .createQueryBuilder()
        .update(Case)
        .set({ ...patch, version: () => 'version + 1', updatedAt: new Date() })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (!result.affected) throw staleCase(current.version);
      await this.correctIntakeEvents(m, user, { ...current, ...patch } as Case, changed);
      await this.audit.record(m, {
        action: 'case.update',
        entityType: 'case',
        entityId: id,
        details: { changed },
      });
      await this.lifecycle.changed(m, { kind: 'updated', caseId: id, fields: changed });
      const saved = await repo.findOneOrFail({ where: { id }, relations: { member: true } });
      return toCaseView(saved, saved.member!, user.role);
    });
  }

  /**
   * When an edit changes what the intake events say (the action, its date, who took it, the
   * notification date), their current versions are corrected — superseded, never rewritten.
   */
  private async correctIntakeEvents(m: EntityManager, user: User, c: Case, changed: string[]): Promise<void> {
    const label = actionLabel(c.actionType);
    const touches = (...fields: string[]) => fields.some((f) => changed.includes(f));
    if (touches('actionDate', 'actionType', 'issuingBody')) {
      for (const event of await this.timeline.current(m, c.id, TimelineEventType.ActionTaken)) {
        await this.timeline.supersede(
          m,
          event,
          {
            title: c.issuingBody ? `${label} by ${c.issuingBody}` : label,
            ...(changed.includes('actionDate')
              ? { occurredAt: dateAtUtcMidnight(c.actionDate), precision: DatePrecision.Day }
              : {}),
          },
          user.id,
        );
      }
    }
    if (touches('notifiedAt', 'actionType')) {
      for (const event of await this.timeline.current(m, c.id, TimelineEventType.Notified)) {
        await this.timeline.supersede(
          m,
          event,
          {
            title: `Member notified of the ${label.toLowerCase()}`,
            ...(changed.includes('notifiedAt')
              ? { occurredAt: dateAtUtcMidnight(c.notifiedAt), precision: DatePrecision.Day }
              : {}),
          },
          user.id,
        );
      }
    }
  }

  /** assigneeId must be an active caseworker, coordinatorId an active coordinator. */
  private async checkStaff(m: EntityManager, assigneeId?: string | null, coordinatorId?: string | null) {
    const problems: string[] = [];
    const check = async (id: string | null | undefined, role: Role, field: string) => {
      if (id === undefined || id === null) return;
      const u = await m.getRepository(User).findOneBy({ id });
      if (!u || !u.active || u.role !== role) problems.push(`${field} must be an active ${role}`);
    };
    await check(assigneeId, Role.Caseworker, 'assigneeId');
    await check(coordinatorId, Role.Coordinator, 'coordinatorId');
    if (problems.length) throw new BadRequestException(problems);
  }

  /**
   * The intake's member: the one given by memberId, the stored member with the same membership
   * number (never overwritten by intake data), or a new one. For a new member the same read also
   * finds the members it may duplicate, so `duplicates` comes with it; otherwise it is left to
   * findDuplicates.
   */
  private async resolveMember(
    m: EntityManager,
    dto: CreateCaseDto,
  ): Promise<{ member: Member; created: boolean; linked: boolean; duplicates?: PossibleDuplicate[] }> {
    const repo = m.getRepository(Member);
    if (dto.memberId !== undefined) {
      const member = await repo.findOneBy({ id: dto.memberId });
      if (!member) throw new BadRequestException(['memberId does not match any member']);
      return { member, created: false, linked: false };
    }
    const input = dto.member as MemberInputDto;
    const membershipNumber = normaliseMembershipNumber(input.membershipNumber);
    const fresh = repo.create({
      fullName: tidyName(input.fullName),
      normalisedName: normaliseName(input.fullName),
      membershipNumber,
      email: normaliseEmail(input.email),
      phone: normalisePhone(input.phone),
      constituencyParty: input.constituencyParty?.trim() || null,
      region: input.region?.trim() || null,
      consentToContact: input.consentToContact ?? false,
      consentToResearch: input.consentToResearch ?? false,
    });
    // The member with this membership number, if any, comes first; then those fresh may duplicate.
    const criteria = duplicateCriteria(fresh);
    let found: Member[] = [];
    if (criteria || membershipNumber) {
      const qb = repo.createQueryBuilder('o');
      if (criteria) qb.where(criteria);
      if (membershipNumber) {
        qb.orWhere('o.membership_number = :membershipNumber', { membershipNumber }).orderBy(
          'CASE WHEN o.membership_number = :membershipNumber THEN 0 ELSE 1 END',
          'ASC',
        );
      }
      found = await qb
        .addOrderBy('o.createdAt', 'ASC')
        .limit(MAX_DUPLICATE_HINTS + 1)
        .getMany();
    }
    const existing = membershipNumber
      ? found.find((o) => o.membershipNumber === membershipNumber)
      : undefined;
    // A known membership number links to the stored member, which intake never overwrites.
    if (existing) return { member: existing, created: false, linked: true };
    const member = await insertWithoutReload(m, Member, fresh);
    return { member, created: true, linked: false, duplicates: memberHints(member, found) };
  }

  /** The per-year counter, bumped in the intake transaction (the row lock orders concurrent intakes). */
  private async nextSequence(m: EntityManager, year: number): Promise<number> {
    const p = m.connection.options.type === 'postgres' ? '$1' : '?';
    // The leading comment keeps TypeORM's SQLite runner from treating this as a plain INSERT
    // (which it runs without reading rows), so RETURNING answers on both databases.
    const rows: unknown = await m.query(
      `/* next reference */ INSERT INTO case_reference_counters (year, last_number) VALUES (${p}, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = case_reference_counters.last_number + 1
       RETURNING last_number`,
      [year],
    );
    const returned = Array.isArray(rows) ? (rows[0] as { last_number?: number } | undefined) : undefined;
    if (returned?.last_number !== undefined) return Number(returned.last_number);
    const row = await m.getRepository(CaseReferenceCounter).findOneByOrFail({ year });
    return Number(row.lastNumber);
  }

  private async findDuplicates(
    m: EntityManager,
    member: Member,
    caseId: string,
    memberIsNew: boolean,
  ): Promise<PossibleDuplicate[]> {
    const criteria = duplicateCriteria(member);
    const others = criteria
      ? await m
          .getRepository(Member)
          .createQueryBuilder('o')
          .where('o.id <> :id', { id: member.id })
          .andWhere(criteria)
          .orderBy('o.createdAt', 'ASC')
          .limit(MAX_DUPLICATE_HINTS)
          .getMany()
      : [];
    const hints = memberHints(member, others);
    // A member created by this intake has no other case yet.
    if (memberIsNew) return hints;
    const openCases = await m.getRepository(Case).find({
      where: { memberId: member.id, id: Not(caseId), status: Not(In([...FINISHED_STATUSES])) },
      order: { createdAt: 'ASC' },
      take: MAX_DUPLICATE_HINTS,
    });
    for (const c of openCases) {
      hints.push({
        kind: 'open_case',
        caseId: c.id,
        reference: c.reference,
        status: c.status,
        reasons: ['same_member'],
      });
    }
    return hints;
  }
}

/**
 * Members who may be the same person as `member`: same name in the same party, same email or
 * phone; null when it has none of these to compare. A plain OR of indexed terms, so that each is
 * looked up in its own index (a constant term such as `1 = 0` among them would make SQLite scan
 * every member instead).
 */
function duplicateCriteria(member: Member): Brackets | null {
  const party = normaliseParty(member.constituencyParty);
  const terms: [string, Record<string, string>][] = [];
  if (party && member.normalisedName) {
    terms.push([
      '(o.normalised_name = :dupName AND LOWER(o.constituency_party) = :dupParty)',
      { dupName: member.normalisedName, dupParty: party },
    ]);
  }
  if (member.email) terms.push(['o.email = :dupEmail', { dupEmail: member.email }]);
  if (member.phone) terms.push(['o.phone = :dupPhone', { dupPhone: member.phone }]);
  if (!terms.length) return null;
  return new Brackets((w) =>
    terms.forEach(([sql, params], i) => (i ? w.orWhere(sql, params) : w.where(sql, params))),
  );
}

/** The duplicate hints for `member` among `others` (itself never among them), at most MAX_DUPLICATE_HINTS. */
function memberHints(member: Member, others: Member[]): PossibleDuplicate[] {
  return others
    .filter((o) => o.id !== member.id)
    .map((o) => ({ o, reasons: duplicateReasons(member, o) }))
    .filter(({ reasons }) => reasons.length > 0)
    .slice(0, MAX_DUPLICATE_HINTS)
    .map(({ o, reasons }) => ({
      kind: 'member' as const,
      memberId: o.id,
      fullName: o.fullName,
      membershipNumber: o.membershipNumber,
      constituencyParty: o.constituencyParty,
      reasons,
    }));
}

/**
 * Inserts a new row without TypeORM's follow-up SELECT of generated columns: id, version and
 * timestamps are set here, so the entity returned is already complete.
 */
async function insertWithoutReload<
  T extends { id: string; version: number; createdAt: Date; updatedAt: Date },
>(m: EntityManager, target: new () => T, entity: T): Promise<T> {
  const now = new Date();
  entity.id ??= randomUUID();
  entity.version = 1;
  entity.createdAt = now;
  entity.updatedAt = now;
  await insertRows(m, target, [entity]);
  return entity;
}

function staleCase(currentVersion: number): DomainError {
  return new DomainError('STALE_VERSION', 'This case was changed since you read it; reload and retry', {
    currentVersion,
  });
}
