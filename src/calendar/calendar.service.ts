import { Injectable, UnauthorizedException } from '@nestjs/common';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { Brackets } from 'typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import { PublicUrl } from '../config/public-url';
import { TransactionService } from '../database/transaction.service';
import { ReminderStatus } from '../reminders/reminder-kinds';
import { Reminder } from '../reminders/reminder.entity';
import { User } from '../users/user.entity';
import { CalendarToken } from './calendar-token.entity';
import {
  deadlineEntry,
  FeedEntry,
  hashCalendarToken,
  hearingEntry,
  newCalendarToken,
  reminderEntry,
} from './calendar-feed';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;
const INVALID = 'Invalid or revoked calendar token';

@Injectable()
export class CalendarService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly publicUrl: PublicUrl,
  ) {}

  /** Issues a new token (the old one stops working) and returns the feed URL with it. */
  async rotateToken(user: User): Promise<{ url: string; createdAt: Date }> {
    const token = newCalendarToken();
    const createdAt = new Date();
    await this.tx.run(async (m) => {
      const repo = m.getRepository(CalendarToken);
      await repo.delete({ userId: user.id });
      await repo.insert({ userId: user.id, tokenHash: hashCalendarToken(token), createdAt });
      await this.audit.record(m, { action: 'calendar.token.rotate', entityType: 'user', entityId: user.id });
    });
    return { url: `${this.publicUrl.base}/api/calendar.ics?token=${token}`, createdAt };
  }

  /** The feed of the token's owner: upcoming appeal deadlines, hearings and reminders. */
  async feed(token: string | undefined): Promise<string> {
    if (!token || !TOKEN_SHAPE.test(token)) throw new UnauthorizedException(INVALID);
    return this.tx.run(async (m) => {
      const found = await m.getRepository(CalendarToken).findOneBy({ tokenHash: hashCalendarToken(token) });
      const user = found ? await m.getRepository(User).findOneBy({ id: found.userId }) : null;
      if (!user || !user.active) throw new UnauthorizedException(INVALID);

      const now = new Date();
      const base = this.publicUrl.base;
      const today = now.toISOString().slice(0, 10);
      const entries: FeedEntry[] = [];
      const cases = await m
        .getRepository(Case)
        .createQueryBuilder('c')
        .where(
          new Brackets((w) =>
            w
              .where('c.assigneeId = :id', { id: user.id })
              .orWhere('c.coordinatorId = :id')
              .orWhere('(c.assigneeId IS NULL AND c.coordinatorId IS NULL AND c.createdBy = :id)'),
          ),
        )
        .andWhere("c.status NOT IN ('closed','reinstated')")
        .getMany();
      const byId = new Map(cases.map((c) => [c.id, c]));
      const appeals = cases.length
        ? await m
            .getRepository(Appeal)
            .createQueryBuilder('a')
            .where('a.caseId IN (:...ids)', { ids: cases.map((c) => c.id) })
            .getMany()
        : [];
      for (const c of cases) {
        const lodged = appeals.some((a) => a.caseId === c.id && a.outcome !== 'withdrawn');
        if (!lodged && c.appealDeadline >= today) entries.push(deadlineEntry(c, base));
      }
      for (const a of appeals) {
        if (a.outcome === 'pending' && a.hearingAt && a.hearingAt > now) {
          entries.push(
            hearingEntry({ ...a, reference: byId.get(a.caseId)!.reference, hearingAt: a.hearingAt }, base),
          );
        }
      }
      const reminders = await m
        .getRepository(Reminder)
        .createQueryBuilder('r')
        .innerJoin(Case, 'c', 'c.id = r.caseId')
        .select(['r.id', 'r.caseId', 'r.kind', 'r.dueAt'])
        .addSelect('c.reference', 'reference')
        .where('r.status = :status', { status: ReminderStatus.Scheduled })
        .andWhere('r.dueAt >= :now', { now })
        // recipient_ids is a JSON list of uuids: a quoted match cannot hit a longer id.
        .andWhere('r.recipient_ids LIKE :pattern', { pattern: `%"${user.id}"%` })
        .orderBy('r.dueAt', 'ASC')
        .getRawAndEntities();
      reminders.entities.forEach((r, i) =>
        entries.push(reminderEntry({ ...r, reference: String(reminders.raw[i].reference) }, base)),
      );

      await this.audit.record(m, {
        action: 'calendar.feed',
        entityType: 'user',
        entityId: user.id,
        actorId: user.id,
        details: { entries: entries.length },
      });

      const calendar = ical({
        name: 'Caseline',
        prodId: { company: 'Caseline', product: 'Caseline', language: 'EN' },
        method: ICalCalendarMethod.PUBLISH,
        ttl: 3600,
      });
      for (const e of entries) {
        calendar.createEvent({
          id: e.uid,
          start: e.start,
          end: e.end,
          allDay: e.allDay,
          summary: e.summary,
          description: e.description,
          url: e.url,
          stamp: now,
        });
      }
      return calendar.toString();
    });
  }
}
