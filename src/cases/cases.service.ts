import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Brackets, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/config';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import { DomainError, notFound } from '../http/domain-error';
import { normaliseName, normaliseParty } from '../members/member-normalise';
import { foldedNameSearch } from '../members/member-search';
import { TimelineWriter } from '../timeline/timeline-writer';
import { DatePrecision, TimelineEventType } from '../timeline/timeline-event.entity';
import { User } from '../users/user.entity';
import { CaseLifecycle } from './case-lifecycle';
import { actionLabel, CaseIntake, staffProblems } from './case-intake';
import { appealDeadline, dateAtUtcMidnight } from './case-dates';
import { CASE_SEARCH, CASE_SEARCH_COUNT, caseSearchMatch, caseSearchPage } from './case-search';
import { Case } from './case.entity';
import { CasePageDto, CaseResponseDto, IntakeResponseDto, toCaseView } from './dto/case-response.dto';
import { assertNever } from './case-workflow';
import { refusedAssignmentFields } from './case-assignment';
import { CaseQueryDto, CaseSortField } from './dto/case-query.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';

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
    private readonly intakes: CaseIntake,
  ) {}

  /** Intake: member (new or linked), reference, case, its first two events and the audit entry, all or nothing. */
  intake(user: User, dto: CreateCaseDto): Promise<IntakeResponseDto> {
    return this.intakes.submit(user, dto);
  }

  async list(user: User, query: CaseQueryDto): Promise<CasePageDto> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    const q = query.q?.trim();
    const onlyQ = Boolean(q) && !hasCaseFilters(query);
    const sqlite = this.reads.source.options.type === 'sqlite';
    // On SQLite the text index (which holds the members' folded names too) is read once. With q
    // alone, one statement reads it, picks the page and counts (case-search.ts); with filters, the
    // matching ids stand in for q in the count and the page (one bound JSON array, however many).
    const match = q && sqlite ? caseSearchMatch(q) : null;
    const matchedIds = match && !onlyQ ? await this.searchIndex(match) : null;
    const names = q && !match ? foldedNameSearch(q, sqlite) : null;

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
              )
              // Names folded (and aliases): "OBrien" finds "O'Brien".
              .orWhere(names ? `c.member_id IN (${names.sql})` : '1 = 0'),
          ),
          {
            ...names?.params,
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
    let pageIds: string[];
    if (match && onlyQ) {
      const rows = await this.searchQuery<{ id: string; total: number | string }>(
        caseSearchPage(field, descending),
        { caseMatch: match, limit, offset: (page - 1) * limit },
      );
      pageIds = rows.map((r) => r.id);
      // A page past the end holds no row to carry the count: count apart (rare).
      if (rows.length) total = Number(rows[0].total);
      else if (page === 1) total = 0;
      else
        total = Number(
          (await this.searchQuery<{ n: number | string }>(CASE_SEARCH_COUNT, { caseMatch: match }))[0].n,
        );
    } else {
      if (matchedIds && !matchedIds.length) total = 0;
      else {
        const counted = await filtered().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
        total = Number(counted?.n ?? 0);
      }
      pageIds =
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
    }
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

  /**
   * The ids of the cases whose text, member's name or member's folded names and aliases match:
   * one read of SQLite's case_search index.
   */
  private async searchIndex(match: string): Promise<string[]> {
    return (await this.searchQuery<{ id: string }>(CASE_SEARCH, { caseMatch: match })).map((r) => r.id);
  }

  private searchQuery<T>(sql: string, parameters: Record<string, string | number>): Promise<T[]> {
    const [query, params] = this.reads.source.driver.escapeQueryWithParameters(sql, parameters, {});
    return this.reads.source.query(query, params) as Promise<T[]>;
  }

  async get(user: User, id: string): Promise<CaseResponseDto> {
    return this.tx.run(async (m) => {
      const found = await m.getRepository(Case).findOne({ where: { id }, relations: { member: true } });
      if (!found) throw notFound('Case');
      await this.audit.record(m, { action: 'case.read', entityType: 'case', entityId: id });
      return toCaseView(found, found.member!, user.role);
    });
  }

  /** Edits the editable fields under optimistic locking: a stale version changes nothing. */
  async update(user: User, id: string, dto: UpdateCaseDto): Promise<CaseResponseDto> {
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
      const refused = refusedAssignmentFields(user.role, changed);
      if (refused.length) {
        throw new ForbiddenException(`Your role (${user.role}) may not assign cases: ${refused.join(', ')}`);
      }

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
    const ids = [assigneeId, coordinatorId].filter((id): id is string => Boolean(id));
    const users = ids.length ? await m.getRepository(User).findBy({ id: In(ids) }) : [];
    const problems = staffProblems(new Map(users.map((u) => [u.id, u])), assigneeId, coordinatorId);
    if (problems.length) throw new BadRequestException(problems);
  }
}

function staleCase(currentVersion: number): DomainError {
  return new DomainError('STALE_VERSION', 'This case was changed since you read it; reload and retry', {
    currentVersion,
  });
}
