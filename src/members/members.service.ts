import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../database/new-id';
import { insertRows } from '../database/row-insert';
import { DatePrecision, TimelineEventType } from '../timeline/timeline-event.entity';
import { TimelineWriter } from '../timeline/timeline-writer';
import { User } from '../users/user.entity';
import { MergeMemberDto } from './dto/merge-member.dto';
import { MemberAlias } from './member-alias.entity';
import { newAliasesOnly } from './member-aliases';
import { mergedAliases, mergeEventText, mergeRefusal } from './member-merge';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import { DomainError, notFound } from '../http/domain-error';
import { UpdateMemberDto } from './dto/update-member.dto';
import { MemberQueryDto } from './dto/member-query.dto';
import {
  normaliseEmail,
  normaliseMembershipNumber,
  normaliseName,
  normalisePhone,
  tidyName,
} from './member-normalise';
import { Member } from './member.entity';
import { MemberMatchListDto, MemberMatchQueryDto, toMemberMatch } from './dto/member-match.dto';
import { storedCandidates } from './matching/member-match-query';
import { nameKeys, phoneKey, probeKeys, rankMatches } from './matching/member-matcher';
import { foldedNameSearch, memberListSearch } from './member-search';
import {
  MemberPageDto,
  MemberResponseDto,
  MemberWithCasesDto,
  toAliasView,
  toMemberView,
} from './dto/member-response.dto';

/** The answer for a member merged into another: 410 with where they went. */
function mergedAway(member: Member): DomainError {
  return new DomainError('GONE', 'This member was merged into another record of the same person', {
    mergedInto: member.mergedInto,
  });
}

/** Aliases added together are listed name first, then email, then phone. */
const ALIAS_ORDER = ['name', 'email', 'phone'];

/** Columns kept by the code from others, not changed by anyone themselves. */
const KEY_COLUMNS = new Set<keyof Member>(['normalisedName', 'nameKey', 'matchKey', 'phoneKey']);

@Injectable()
export class MembersService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly reads: ReadDatabase,
    private readonly timeline: TimelineWriter,
  ) {}

  async search(query: MemberQueryDto): Promise<MemberPageDto> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    const qb = this.reads.source.getRepository(Member).createQueryBuilder('m').where('m.merged_into IS NULL');
    const q = query.q?.trim();
    if (q) {
      // Names (and names the member is also known by) compare folded: case, accents and
      // punctuation do not count ("OBrien" finds "O'Brien" and the other way round).
      // On SQLite one read of the member_search index answers it all.
      const indexed = this.reads.source.options.type === 'sqlite' ? memberListSearch(q) : null;
      if (indexed) qb.andWhere(`m.id IN (${indexed.sql})`, indexed.params);
      else {
        const names = foldedNameSearch(q, false);
        const terms = [
          `m.membership_number LIKE :upper ${LIKE_ESCAPE}`,
          `m.email LIKE :lower ${LIKE_ESCAPE}`,
        ];
        if (names) terms.push(`m.id IN (${names.sql})`);
        qb.andWhere(`(${terms.join(' OR ')})`, {
          ...names?.params,
          upper: containsPattern(q.toUpperCase()),
          lower: containsPattern(q.toLowerCase()),
        });
      }
    }
    const total = await qb.getCount();
    const items = await qb
      .orderBy('m.normalisedName', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .offset((page - 1) * limit)
      .limit(limit)
      .getMany();
    await this.tx.run((m) =>
      this.audit.record(m, {
        action: 'member.list',
        entityType: 'member',
        details: { returned: items.length, total, searched: Boolean(q) },
      }),
    );
    return { items: items.map(toMemberView), total, page, limit };
  }

  /** The stored members who may be the person described, best first (audited: it reads personal data). */
  async matches(query: MemberMatchQueryDto): Promise<MemberMatchListDto> {
    const { limit = 10, ...probe } = query;
    // The constituency only supports a match found by another clue.
    if (![probe.fullName, probe.membershipNumber, probe.email, probe.phone].some((v) => v?.trim()))
      throw new BadRequestException([
        'give at least one of fullName, membershipNumber, email, phone to look for',
      ]);
    const [candidates] = await storedCandidates(this.reads.source.manager, [probeKeys(probe)]);
    const items = rankMatches(probe, candidates, limit).map(toMemberMatch);
    await this.tx.run((m) =>
      this.audit.record(m, {
        action: 'member.match',
        entityType: 'member',
        details: { returned: items.length, memberIds: items.map((i) => i.id) },
      }),
    );
    return { items };
  }

  async get(id: string): Promise<MemberWithCasesDto> {
    return this.tx.run(async (m) => {
      const member = await m.getRepository(Member).findOneBy({ id });
      if (!member) throw notFound('Member');
      if (member.mergedInto) throw mergedAway(member);
      const view = await this.withCases(m, member);
      await this.audit.record(m, { action: 'member.read', entityType: 'member', entityId: id });
      return view;
    });
  }

  private async withCases(m: EntityManager, member: Member): Promise<MemberWithCasesDto> {
    const [cases, aliases] = await Promise.all([
      m.getRepository(Case).find({
        where: { memberId: member.id },
        order: { createdAt: 'ASC', reference: 'ASC' },
      }),
      m.getRepository(MemberAlias).find({ where: { memberId: member.id }, order: { createdAt: 'ASC' } }),
    ]);
    return {
      ...toMemberView(member),
      aliases: aliases
        .sort(
          (a, b) =>
            a.createdAt.getTime() - b.createdAt.getTime() ||
            ALIAS_ORDER.indexOf(a.kind) - ALIAS_ORDER.indexOf(b.kind),
        )
        .map(toAliasView),
      cases: cases.map((c) => ({
        id: c.id,
        reference: c.reference,
        actionType: c.actionType,
        actionDate: c.actionDate,
        status: c.status,
        appealDeadline: c.appealDeadline,
      })),
    };
  }

  /**
   * Merges member `id` into `intoId` (the same person recorded twice), in one transaction: every
   * case moves, with a timeline event each; the merged member's name, email, phone and aliases
   * become aliases of the kept one; members merged into `id` before now point at `intoId`; `id`
   * is marked merged (its reads answer 410 with mergedInto). Returns the kept member.
   */
  async merge(user: User, id: string, dto: MergeMemberDto): Promise<MemberWithCasesDto> {
    return this.tx.run(async (m) => {
      const repo = m.getRepository(Member);
      const source = await repo.findOneBy({ id });
      if (!source) throw notFound('Member');
      const target = dto.intoId === id ? source : await repo.findOneBy({ id: dto.intoId });
      const refusal = mergeRefusal(source, target);
      if (refusal) throw refusal;
      const into = target!;
      const now = new Date();

      const moved = await m
        .getRepository(Case)
        .find({ where: { memberId: id }, order: { createdAt: 'ASC' } });
      if (moved.length)
        await m
          .createQueryBuilder()
          .update(Case)
          .set({ memberId: into.id, version: () => 'version + 1', updatedAt: now })
          .where('member_id = :id', { id })
          .execute();
      const text = mergeEventText(dto.reason);
      await this.timeline.appendAll(
        m,
        moved.map((c) => ({
          caseId: c.id,
          type: TimelineEventType.Note,
          occurredAt: now,
          precision: DatePrecision.Exact,
          title: text.title,
          description: text.description,
          recordedBy: user.id,
        })),
      );

      const aliasRepo = m.getRepository(MemberAlias);
      const [sourceAliases, intoAliases] = await Promise.all([
        aliasRepo.findBy({ memberId: id }),
        aliasRepo.findBy({ memberId: into.id }),
      ]);
      const aliases = newAliasesOnly(
        into,
        intoAliases,
        mergedAliases(source, sourceAliases, into.id, user.id, now),
      );
      for (const a of aliases) a.id = newId();
      await insertRows(m, MemberAlias, aliases);

      await m
        .createQueryBuilder()
        .update(Member)
        .set({ mergedInto: into.id, updatedAt: now })
        .where('merged_into = :id', { id })
        .execute();
      await m
        .createQueryBuilder()
        .update(Member)
        .set({ mergedInto: into.id, mergedAt: now, version: () => 'version + 1', updatedAt: now })
        .where('id = :id', { id })
        .execute();
      await this.audit.record(m, {
        action: 'member.merge',
        entityType: 'member',
        entityId: id,
        details: {
          intoId: into.id,
          movedCaseIds: moved.map((c) => c.id),
          aliasesAdded: aliases.length,
          reason: dto.reason.trim(),
        },
      });
      return this.withCases(m, into);
    });
  }

  async update(id: string, dto: UpdateMemberDto): Promise<MemberResponseDto> {
    return this.tx.run(async (m) => {
      const repo = m.getRepository(Member);
      const member = await repo.findOneBy({ id });
      if (!member) throw notFound('Member');
      if (member.mergedInto) throw mergedAway(member);
      const { version, ...fields } = dto;
      const patch: Partial<Member> = {};
      if (fields.fullName !== undefined) {
        patch.fullName = tidyName(fields.fullName);
        patch.normalisedName = normaliseName(fields.fullName);
        const keys = nameKeys(fields.fullName);
        patch.nameKey = keys.nameKey;
        patch.matchKey = keys.matchKey;
      }
      if (fields.membershipNumber !== undefined) {
        patch.membershipNumber = normaliseMembershipNumber(fields.membershipNumber);
        if (patch.membershipNumber && patch.membershipNumber !== member.membershipNumber) {
          const other = await repo.findOneBy({ membershipNumber: patch.membershipNumber });
          if (other && other.id !== id)
            throw new DomainError('CONFLICT', 'Another member has this membership number', {
              existingId: other.id,
            });
        }
      }
      if (fields.email !== undefined) patch.email = normaliseEmail(fields.email);
      if (fields.phone !== undefined) {
        patch.phone = normalisePhone(fields.phone);
        patch.phoneKey = phoneKey(patch.phone);
      }
      if (fields.constituencyParty !== undefined)
        patch.constituencyParty = fields.constituencyParty?.trim() || null;
      if (fields.region !== undefined) patch.region = fields.region?.trim() || null;
      if (fields.consentToContact !== undefined) patch.consentToContact = fields.consentToContact;
      if (fields.consentToResearch !== undefined) patch.consentToResearch = fields.consentToResearch;

      const changed = (Object.keys(patch) as (keyof Member)[]).filter(
        (k) => !KEY_COLUMNS.has(k) && patch[k] !== member[k],
      );
      const result = await m
        .createQueryBuilder()
        .update(Member)
        .set({ ...patch, version: () => 'version + 1', updatedAt: new Date() })
        .where('id = :id AND version = :version', { id, version })
        .execute();
      if (!result.affected) {
        throw new DomainError(
          'STALE_VERSION',
          'This member was changed since you read it; reload and retry',
          {
            currentVersion: member.version,
          },
        );
      }
      await this.audit.record(m, {
        action: 'member.update',
        entityType: 'member',
        entityId: id,
        details: { changed },
      });
      return toMemberView(await repo.findOneByOrFail({ id }));
    });
  }
}
