import { BadRequestException, Injectable } from '@nestjs/common';
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
import { foldText } from './matching/name-fold';
import {
  MemberPageDto,
  MemberResponseDto,
  MemberWithCasesDto,
  toMemberView,
} from './dto/member-response.dto';

/** Columns kept by the code from others, not changed by anyone themselves. */
const KEY_COLUMNS = new Set<keyof Member>(['normalisedName', 'nameKey', 'matchKey', 'phoneKey']);

@Injectable()
export class MembersService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly reads: ReadDatabase,
  ) {}

  async search(query: MemberQueryDto): Promise<MemberPageDto> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    const qb = this.reads.source.getRepository(Member).createQueryBuilder('m');
    const q = query.q?.trim();
    if (q) {
      // Names (and names the member is also known by) compare folded: case, accents and
      // punctuation do not count ("OBrien" finds "O'Brien" and the other way round).
      const folded = foldText(q);
      const terms = [`m.membership_number LIKE :upper ${LIKE_ESCAPE}`, `m.email LIKE :lower ${LIKE_ESCAPE}`];
      if (folded)
        terms.push(
          `m.name_key LIKE :folded ${LIKE_ESCAPE}`,
          `m.id IN (SELECT a.member_id FROM member_aliases a WHERE a.name_key LIKE :folded ${LIKE_ESCAPE}` +
            ` OR a.email LIKE :lower ${LIKE_ESCAPE})`,
        );
      qb.where(`(${terms.join(' OR ')})`, {
        folded: containsPattern(folded),
        upper: containsPattern(q.toUpperCase()),
        lower: containsPattern(q.toLowerCase()),
      });
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
      const cases = await m.getRepository(Case).find({
        where: { memberId: id },
        order: { createdAt: 'ASC', reference: 'ASC' },
      });
      await this.audit.record(m, { action: 'member.read', entityType: 'member', entityId: id });
      return {
        ...toMemberView(member),
        cases: cases.map((c) => ({
          id: c.id,
          reference: c.reference,
          actionType: c.actionType,
          actionDate: c.actionDate,
          status: c.status,
          appealDeadline: c.appealDeadline,
        })),
      };
    });
  }

  async update(id: string, dto: UpdateMemberDto): Promise<MemberResponseDto> {
    return this.tx.run(async (m) => {
      const repo = m.getRepository(Member);
      const member = await repo.findOneBy({ id });
      if (!member) throw notFound('Member');
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
