import { BadRequestException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { newId } from '../database/new-id';
import { EntityManager, In } from 'typeorm';
import { AuditRecord, AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/config';
import { BatchedUnits, BatchOutcome } from '../database/batched-units';
import { insertRows } from '../database/row-insert';
import { Parameters } from '../database/row-read';
import { TransactionService } from '../database/transaction.service';
import { isUniqueViolation } from '../database/unique-violation';
import { requestContext } from '../http/request-context';
import { MemberInputDto } from '../members/dto/member-input.dto';
import { Member } from '../members/member.entity';
import {
  normaliseEmail,
  normaliseMembershipNumber,
  normaliseName,
  normalisePhone,
  tidyName,
} from '../members/member-normalise';
import { MemberAlias } from '../members/member-alias.entity';
import { nameDiffers, newAlias, newAliasesOnly } from '../members/member-aliases';
import { MatchCandidate, memberKeys, probeKeys, rankMatches } from '../members/matching/member-matcher';
import { StoredCandidate, storedCandidates } from '../members/matching/member-match-query';
import { NewTimelineEvent, TimelineWriter } from '../timeline/timeline-writer';
import { DatePrecision, TimelineEventType } from '../timeline/timeline-event.entity';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CaseLifecycle, ChangeAuthor } from './case-lifecycle';
import { appealDeadline, dateAtUtcMidnight } from './case-dates';
import { formatReference } from './case-reference';
import { ActionType, CaseStatus, FINISHED_STATUSES, Priority } from './case-status';
import { Case } from './case.entity';
import { IntakeResponseDto, IntakeWarningDto, PossibleDuplicate, toCaseView } from './dto/case-response.dto';
import { assertNever } from './case-workflow';
import { CreateCaseDto } from './dto/create-case.dto';

export const MAX_DUPLICATE_HINTS = 20;

const NO_KEYS = { matchKeys: [], matchPrefixes: [], membershipNumber: null, email: null, phoneKey: null };

/** One intake as submitted: who, what, and the request it came with (for its audit entries). */
export interface IntakeRequest {
  user: User;
  dto: CreateCaseDto;
  requestId: string | null;
  clientAddress: string | null;
}

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

/** What is wrong with the staff named: assigneeId must be an active caseworker, coordinatorId an active coordinator. */
export function staffProblems(
  users: ReadonlyMap<string, Pick<User, 'active' | 'role'>>,
  assigneeId?: string | null,
  coordinatorId?: string | null,
): string[] {
  const problems: string[] = [];
  const check = (id: string | null | undefined, role: Role, field: string) => {
    if (id === undefined || id === null) return;
    const u = users.get(id);
    if (!u || !u.active || u.role !== role) problems.push(`${field} must be an active ${role}`);
  };
  check(assigneeId, Role.Caseworker, 'assigneeId');
  check(coordinatorId, Role.Coordinator, 'coordinatorId');
  return problems;
}

/** The member an intake describes, as it would be stored (id and timestamps not yet set). */
export function newMember(input: MemberInputDto): Member {
  const phone = normalisePhone(input.phone);
  return Object.assign(new Member(), {
    fullName: tidyName(input.fullName),
    normalisedName: normaliseName(input.fullName),
    ...memberKeys(input.fullName, phone),
    membershipNumber: normaliseMembershipNumber(input.membershipNumber),
    email: normaliseEmail(input.email),
    phone,
    constituencyParty: input.constituencyParty?.trim() || null,
    region: input.region?.trim() || null,
    consentToContact: input.consentToContact ?? false,
    consentToResearch: input.consentToResearch ?? false,
  });
}

/**
 * Each member by id, or the member it was merged into: an intake naming a merged record (by id or
 * by its membership number) opens the case on the record that is kept.
 */
async function currentRecords(m: EntityManager, members: Member[]): Promise<Map<string, Member>> {
  const intoIds = [...new Set(members.map((x) => x.mergedInto).filter((x): x is string => x !== null))];
  const kept = intoIds.length ? await m.getRepository(Member).findBy({ id: In(intoIds) }) : [];
  const byId = new Map(kept.map((k) => [k.id, k]));
  return new Map(members.map((x) => [x.id, (x.mergedInto && byId.get(x.mergedInto)) || x]));
}

/** A member as the matcher compares it (aliases, where it has any, are added by the query). */
function asCandidate(member: Member): MatchCandidate & { stored: Member } {
  return {
    id: member.id,
    fullName: member.fullName,
    membershipNumber: member.membershipNumber,
    email: member.email,
    phone: member.phone,
    constituencyParty: member.constituencyParty,
    stored: member,
  };
}

/**
 * The duplicate hints for `member` among `others` (itself never among them), best first, at most
 * MAX_DUPLICATE_HINTS: the member matcher's, as `GET /api/members/matches` gives them. The
 * membership number is left out: a stored member with the same one is linked to, not suggested.
 */
export function memberHints(
  member: Member,
  others: (MatchCandidate & { stored: Member })[],
): PossibleDuplicate[] {
  const probe = { ...member, membershipNumber: null };
  return rankMatches(
    probe,
    others.filter((o) => o.id !== member.id),
    MAX_DUPLICATE_HINTS,
  ).map(({ member: o, reasons, score }) => ({
    kind: 'member' as const,
    memberId: o.id,
    fullName: o.fullName,
    membershipNumber: o.membershipNumber,
    constituencyParty: o.constituencyParty,
    reasons,
    score,
  }));
}

/** The warning of an intake that linked a stored member by number but typed another name. */
export function nameDiffersWarning(stored: string, typed: string): IntakeWarningDto {
  return {
    code: 'NAME_DIFFERS',
    field: 'member.fullName',
    message:
      'This membership number belongs to a member stored under another name: the stored name is kept and ' +
      'the name typed is kept as another name they are known by',
    storedName: stored,
    givenName: tidyName(typed),
  };
}

function openCaseHint(c: Pick<Case, 'id' | 'reference' | 'status'>): PossibleDuplicate {
  return {
    kind: 'open_case',
    caseId: c.id,
    reference: c.reference,
    status: c.status,
    reasons: ['same_member'],
  };
}

/** An intake of a batch that will be written, once its member is known. */
interface Accepted {
  ok: true;
  request: IntakeRequest;
  member: Member;
  created: boolean;
  linked: boolean;
  /** For a new member: found with it. For a stored one: filled in once its others are read. */
  hints: PossibleDuplicate[];
  warnings: IntakeWarningDto[];
  /** A name typed for a member linked by number under another name, to keep as an alias. */
  alias?: MemberAlias;
  /** The case it opens, once its reference is taken. */
  case?: Case;
}

type Resolved = Accepted | { ok: false; error: unknown };

/** The case an intake opens, complete (nothing is read back after the INSERT). */
function caseRow(
  request: IntakeRequest,
  memberId: string,
  reference: string,
  windowDays: number,
  now: Date,
): Case {
  const { dto, user } = request;
  return Object.assign(new Case(), {
    id: newId(),
    reference,
    memberId,
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
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
}

/** The two events every case starts with: the action taken, and the member being told of it. */
function intakeEvents(c: Case, recordedBy: string): NewTimelineEvent[] {
  const label = actionLabel(c.actionType);
  return [
    {
      caseId: c.id,
      type: TimelineEventType.ActionTaken,
      occurredAt: dateAtUtcMidnight(c.actionDate),
      precision: DatePrecision.Day,
      title: c.issuingBody ? `${label} by ${c.issuingBody}` : label,
      recordedBy,
    },
    {
      caseId: c.id,
      type: TimelineEventType.Notified,
      occurredAt: dateAtUtcMidnight(c.notifiedAt),
      precision: DatePrecision.Day,
      title: `Member notified of the ${label.toLowerCase()}`,
      recordedBy,
    },
  ];
}

function author(request: IntakeRequest): ChangeAuthor {
  return { actorId: request.user.id, requestId: request.requestId, clientAddress: request.clientAddress };
}

/** An intake's audit entries, under its own actor and request: member.create (if new), case.create. */
function auditRecords(r: Accepted): AuditRecord[] {
  const who = author(r.request);
  const c = r.case!;
  return [
    ...(r.created ? [{ ...who, action: 'member.create', entityType: 'member', entityId: r.member.id }] : []),
    {
      ...who,
      action: 'case.create',
      entityType: 'case',
      entityId: c.id,
      details: {
        reference: c.reference,
        memberId: r.member.id,
        memberCreated: r.created,
        linkedByMembershipNumber: r.linked,
        ...(r.alias ? { nameDiffers: true } : {}),
        possibleDuplicates: r.hints.length,
      },
    },
  ];
}

/**
 * Intake: the member (new, or linked by membership number, or given by id), the case with its
 * reference, its first two timeline events and its audit entries, all in one transaction.
 *
 * Intakes that arrive together are written together (BatchedUnits): each statement writes the
 * rows of every intake of the batch, so a batch costs about as many trips to the database as one
 * intake. Each intake of a batch comes out exactly as if the batch's intakes had been taken one
 * after another in the order they arrived: a membership number seen earlier in the batch links to
 * the member that intake created, and members and cases created earlier in the batch are among a
 * later intake's possible duplicates.
 */
@Injectable()
export class CaseIntake {
  private readonly batches: BatchedUnits<IntakeRequest, IntakeResponseDto>;

  constructor(
    tx: TransactionService,
    private readonly audit: AuditService,
    private readonly timeline: TimelineWriter,
    private readonly lifecycle: CaseLifecycle,
    private readonly config: ConfigService<AppConfig, true>,
  ) {
    // A batch that lost a membership number to a concurrent transaction (PostgreSQL) runs again:
    // the stored member is then found, and the intake links to it.
    this.batches = new BatchedUnits(
      (work) => tx.run(work),
      (m, requests) => this.writeAll(m, requests),
      { retryable: isUniqueViolation },
    );
  }

  submit(user: User, dto: CreateCaseDto): Promise<IntakeResponseDto> {
    if (dto.member !== undefined && dto.memberId !== undefined)
      return Promise.reject(new BadRequestException(['member and memberId cannot both be given: give one']));
    const ctx = requestContext.get();
    return this.batches.submit({
      user,
      dto,
      requestId: ctx?.requestId ?? null,
      clientAddress: ctx?.clientAddress ?? null,
    });
  }

  /** The intakes of one batch, in order; one that is refused has nothing written. */
  async writeAll(m: EntityManager, requests: IntakeRequest[]): Promise<BatchOutcome<IntakeResponseDto>[]> {
    const staff = await this.staff(m, requests);
    const checked = requests.map((request): IntakeRequest | { error: unknown } => {
      const problems = staffProblems(staff, request.dto.assigneeId, request.dto.coordinatorId);
      return problems.length ? { error: new BadRequestException(problems) } : request;
    });
    const resolved = await this.resolveMembers(m, checked);
    const accepted = resolved.filter((r): r is Accepted => r.ok);
    if (accepted.length) await this.write(m, accepted);
    return resolved.map((r) =>
      r.ok
        ? {
            ok: true,
            value: {
              ...toCaseView(r.case!, r.member, r.request.user.role),
              possibleDuplicates: r.hints,
              warnings: r.warnings,
            },
          }
        : r,
    );
  }

  /** Writes the accepted intakes of a batch: one statement per table for all of them. */
  private async write(m: EntityManager, accepted: Accepted[]): Promise<void> {
    const now = new Date();
    const year = now.getUTCFullYear();
    const last = await this.takeSequence(m, year, accepted.length);
    const windowDays = this.config.get('appealWindowDays', { infer: true });
    accepted.forEach((r, i) => {
      if (r.created) Object.assign(r.member, { version: 1, createdAt: now, updatedAt: now });
      const reference = formatReference(year, last - accepted.length + 1 + i);
      r.case = caseRow(r.request, r.member.id, reference, windowDays, now);
    });
    await this.hintsForStoredMembers(m, accepted);
    const cases = accepted.map((r) => r.case!);

    await insertRows(
      m,
      Member,
      accepted.filter((r) => r.created).map((r) => r.member),
    );
    await insertRows(m, Case, cases);
    await this.writeAliases(m, accepted);
    await this.timeline.appendAll(
      m,
      accepted.flatMap((r) => intakeEvents(r.case!, r.request.user.id)),
    );
    // What the intakes lead to (their first reminders) is audited under each intake's own author,
    // in the same append as the intakes.
    const followUps = await this.lifecycle.changedAll(
      m,
      accepted.map((r) => ({ kind: 'intake', caseId: r.case!.id, created: r.case!, by: author(r.request) })),
    );
    await this.audit.recordAll(m, [...accepted.flatMap(auditRecords), ...followUps]);
  }

  /** The users named as assignees or coordinators by any intake of the batch, in one read. */
  private async staff(m: EntityManager, requests: IntakeRequest[]): Promise<Map<string, User>> {
    const ids = new Set<string>();
    for (const { dto } of requests) {
      if (dto.assigneeId) ids.add(dto.assigneeId);
      if (dto.coordinatorId) ids.add(dto.coordinatorId);
    }
    if (!ids.size) return new Map();
    const users = await m.getRepository(User).findBy({ id: In([...ids]) });
    return new Map(users.map((u) => [u.id, u]));
  }

  /**
   * Each intake's member: the one given by memberId, the stored member with the same membership
   * number (never overwritten by intake data), the member an earlier intake of the batch created
   * with it, or a new one. One read finds, for every new member, the stored member with its
   * membership number and those it may duplicate.
   */
  private async resolveMembers(
    m: EntityManager,
    checked: (IntakeRequest | { error: unknown })[],
  ): Promise<Resolved[]> {
    const givenIds = new Set<string>();
    const fresh = new Map<number, Member>();
    checked.forEach((c, i) => {
      if ('error' in c) return;
      if (c.dto.memberId !== undefined) givenIds.add(c.dto.memberId);
      else fresh.set(i, newMember(c.dto.member as MemberInputDto));
    });
    const given = givenIds.size ? await m.getRepository(Member).findBy({ id: In([...givenIds]) }) : [];
    const current = await currentRecords(m, given);
    const givenById = new Map(given.map((g) => [g.id, current.get(g.id)!]));
    const found = await this.storedMatches(m, fresh);

    const createdSoFar: Member[] = [];
    return checked.map((c, i): Resolved => {
      if ('error' in c) return { ok: false, error: c.error };
      if (c.dto.memberId !== undefined) {
        const member = givenById.get(c.dto.memberId);
        if (!member)
          return { ok: false, error: new BadRequestException(['memberId does not match any member']) };
        return { ok: true, request: c, member, created: false, linked: false, hints: [], warnings: [] };
      }
      const candidate = fresh.get(i)!;
      const stored = found.candidates[i];
      const number = candidate.membershipNumber;
      const byNumber = number ? found.byNumber.get(number) : undefined;
      // A known membership number links to the stored member (or the batch's), never overwritten.
      const existing = number
        ? (byNumber ?? createdSoFar.find((o) => o.membershipNumber === number))
        : undefined;
      if (existing) {
        const typed = (c.dto.member as MemberInputDto).fullName;
        const differs = nameDiffers(existing.fullName, typed);
        return {
          ok: true,
          request: c,
          member: existing,
          created: false,
          linked: true,
          hints: [],
          warnings: differs ? [nameDiffersWarning(existing.fullName, typed)] : [],
          alias: differs
            ? (newAlias(existing.id, 'name', typed, 'intake', c.user.id) ?? undefined)
            : undefined,
        };
      }
      candidate.id = newId();
      const hints = memberHints(candidate, [
        ...stored.filter((o) => o.id !== byNumber?.id),
        ...createdSoFar.map(asCandidate),
      ]);
      createdSoFar.push(candidate);
      return { ok: true, request: c, member: candidate, created: true, linked: false, hints, warnings: [] };
    });
  }

  /**
   * The stored members with the membership numbers of the batch's new members (one read), and for
   * each new member (by its intake's position) the stored members the matcher compares it with.
   */
  private async storedMatches(
    m: EntityManager,
    fresh: Map<number, Member>,
  ): Promise<{ byNumber: Map<string, Member>; candidates: StoredCandidate[][] }> {
    const numbers = [
      ...new Set([...fresh.values()].map((f) => f.membershipNumber).filter((n) => n !== null)),
    ];
    const numbered = numbers.length
      ? await m.getRepository(Member).findBy({ membershipNumber: In(numbers) })
      : [];
    const current = await currentRecords(m, numbered);
    const byNumber = new Map(numbered.map((n) => [n.membershipNumber!, current.get(n.id)!]));
    const positions = [...fresh.keys()];
    const found = await storedCandidates(
      m,
      // A new member linked by number gets no hints of its own: its candidates are not needed.
      positions.map((i) => {
        const member = fresh.get(i)!;
        return member.membershipNumber && byNumber.has(member.membershipNumber)
          ? NO_KEYS
          : probeKeys({ ...member, membershipNumber: null });
      }),
    );
    const candidates: StoredCandidate[][] = [];
    positions.forEach((i, k) => (candidates[i] = found[k]));
    return { byNumber, candidates };
  }

  /** Writes, for the members linked under another name, that name as an alias (once). */
  private async writeAliases(m: EntityManager, accepted: Accepted[]): Promise<void> {
    const wanted = accepted.filter((r) => r.alias);
    if (!wanted.length) return;
    const ids = [...new Set(wanted.map((r) => r.member.id))];
    const existing = await m.getRepository(MemberAlias).findBy({ memberId: In(ids) });
    const rows: MemberAlias[] = [];
    for (const id of ids) {
      const member = wanted.find((r) => r.member.id === id)!.member;
      rows.push(
        ...newAliasesOnly(
          member,
          existing.filter((a) => a.memberId === id),
          wanted.filter((r) => r.member.id === id).map((r) => r.alias!),
        ),
      );
    }
    for (const row of rows) row.id = newId();
    await insertRows(m, MemberAlias, rows);
  }

  /**
   * Possible duplicates of the stored members intakes were linked or given to: the other members
   * they may duplicate and their open cases — stored ones, then those created earlier in the batch.
   */
  private async hintsForStoredMembers(m: EntityManager, accepted: Accepted[]): Promise<void> {
    const stored = new Map<string, Member>();
    for (const r of accepted) if (!r.created) stored.set(r.member.id, r.member);
    if (!stored.size) return;
    const others = await this.othersOf(m, [...stored.values()]);
    const openCases = await this.openCasesOf(m, [...stored.keys()]);
    const createdSoFar: Member[] = [];
    const casesSoFar: Case[] = [];
    for (const r of accepted) {
      if (r.created) createdSoFar.push(r.member);
      else {
        const cases = [
          ...(openCases.get(r.member.id) ?? []),
          ...casesSoFar.filter((c) => c.memberId === r.member.id),
        ];
        r.hints = [
          ...memberHints(r.member, [...(others.get(r.member.id) ?? []), ...createdSoFar.map(asCandidate)]),
          ...cases.slice(0, MAX_DUPLICATE_HINTS).map(openCaseHint),
        ];
      }
      // The case this intake opens is an open case of its member for the intakes after it.
      casesSoFar.push(r.case!);
    }
  }

  /** For each stored member, the other stored members the matcher compares it with. */
  private async othersOf(m: EntityManager, members: Member[]): Promise<Map<string, StoredCandidate[]>> {
    const found = await storedCandidates(
      m,
      members.map((member) => probeKeys({ ...member, membershipNumber: null })),
    );
    return new Map(members.map((member, k) => [member.id, found[k]]));
  }

  /** The open cases of each member, oldest first, at most MAX_DUPLICATE_HINTS each. */
  private async openCasesOf(m: EntityManager, memberIds: string[]): Promise<Map<string, Case[]>> {
    const p = new Parameters(m);
    const rows = (await m.query(
      `SELECT id, reference, status, member_id FROM (SELECT c.id, c.reference, c.status, c.member_id,` +
        ` ROW_NUMBER() OVER (PARTITION BY c.member_id ORDER BY c.created_at, c.id) AS nth FROM cases c` +
        ` WHERE c.member_id IN (${p.list(memberIds)}) AND c.status NOT IN (${p.list(FINISHED_STATUSES)})) AS open_cases` +
        ` WHERE nth <= ${MAX_DUPLICATE_HINTS} ORDER BY member_id, nth`,
      p.values,
    )) as { id: string; reference: string; status: CaseStatus; member_id: string }[];
    const byMember = new Map<string, Case[]>();
    for (const row of rows) {
      const c = Object.assign(new Case(), {
        id: row.id,
        reference: row.reference,
        status: row.status,
        memberId: row.member_id,
      });
      byMember.set(row.member_id, [...(byMember.get(row.member_id) ?? []), c]);
    }
    return byMember;
  }

  /** Takes `count` reference numbers of `year` at once; returns the last one taken. */
  private async takeSequence(m: EntityManager, year: number, count: number): Promise<number> {
    const p = new Parameters(m);
    // The leading comment keeps TypeORM's SQLite runner from treating this as a plain INSERT
    // (which it runs without reading rows), so RETURNING answers on both databases. The row
    // lock (PostgreSQL) or the single writer (SQLite) orders concurrent intakes.
    const rows = (await m.query(
      `/* next references */ INSERT INTO case_reference_counters (year, last_number) VALUES (${p.add(year)}, ${p.add(count)})
       ON CONFLICT (year) DO UPDATE SET last_number = case_reference_counters.last_number + EXCLUDED.last_number
       RETURNING last_number`,
      p.values,
    )) as { last_number: number | string }[];
    if (!Array.isArray(rows) || rows[0]?.last_number === undefined)
      throw new Error('The reference counter returned no number');
    return Number(rows[0].last_number);
  }
}
