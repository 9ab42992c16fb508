import { ConfigService } from '@nestjs/config';
import { Inject, Injectable } from '@nestjs/common';
import { In, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import { TypedConfigService } from '../config/config.module';
import { insertRows } from '../database/row-insert';
import { TransactionService } from '../database/transaction.service';
import { rangeEnd, rangeStart } from '../http/dates';
import { DomainError, notFound } from '../http/domain-error';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CreateReminderDto } from './dto/create-reminder.dto';
import { ReminderPageDto, ReminderResponseDto, toReminderView } from './dto/reminder-response.dto';
import { ReminderQueryDto } from './dto/reminder-query.dto';
import { UpdateReminderDto } from './dto/update-reminder.dto';
import { Channel, ReminderKind, ReminderStatus } from './reminder-kinds';
import { defaultRecipients } from './reminder-plan';
import { ReminderScheduler } from './reminder-scheduler';
import { Reminder, scheduledReminder } from './reminder.entity';

@Injectable()
export class RemindersService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly scheduler: ReminderScheduler,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  async create(user: User, caseId: string, dto: CreateReminderDto): Promise<ReminderResponseDto> {
    const channels = dto.channels ?? [Channel.InApp];
    this.assertChannelsConfigured(channels);
    this.assertFuture(dto.dueAt);
    const created = await this.tx.run(async (m) => {
      const c = await m.getRepository(Case).findOneBy({ id: caseId });
      if (!c) throw notFound('Case');
      if (c.status === 'closed') {
        throw new DomainError('CONFLICT', 'The case is closed: reopen it before adding reminders');
      }
      const recipientIds = dto.recipientIds ?? this.defaultRecipientsFor(c, user);
      await this.assertRecipients(m, recipientIds);
      const reminder = scheduledReminder({
        caseId,
        kind: dto.kind ?? ReminderKind.Custom,
        message: dto.message,
        channels,
        recipientIds,
        dueAt: dto.dueAt,
        autoKey: null,
        createdBy: user.id,
      });
      await insertRows(m, Reminder, [reminder]);
      await this.audit.record(m, {
        action: 'reminder.create',
        entityType: 'reminder',
        entityId: reminder.id,
        details: { caseId, kind: reminder.kind, channels, recipients: recipientIds.length },
      });
      return reminder;
    });
    // After commit, bounded and never failing: the reconciler covers whatever this misses.
    await this.scheduler.schedule(created);
    return toReminderView(created);
  }

  async listForCase(caseId: string, query: ReminderQueryDto): Promise<ReminderPageDto> {
    const exists = await this.tx.run((m) => m.getRepository(Case).existsBy({ id: caseId }));
    if (!exists) throw notFound('Case');
    return this.list({ ...query, caseId });
  }

  async list(query: ReminderQueryDto): Promise<ReminderPageDto> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    return this.tx.run(async (m) => {
      const qb = m.getRepository(Reminder).createQueryBuilder('r');
      if (query.status) qb.andWhere('r.status = :status', { status: query.status });
      if (query.caseId) qb.andWhere('r.caseId = :caseId', { caseId: query.caseId });
      if (query.kind) qb.andWhere('r.kind = :kind', { kind: query.kind });
      const from = rangeStart(query.from);
      const to = rangeEnd(query.to);
      if (from) qb.andWhere('r.dueAt >= :from', { from });
      if (to) qb.andWhere('r.dueAt <= :to', { to });
      const [rows, total] = await qb
        .orderBy('r.dueAt', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .skip((page - 1) * limit)
        .take(limit)
        .getManyAndCount();
      await this.audit.record(m, {
        action: 'reminder.list',
        entityType: query.caseId ? 'case' : 'reminder',
        entityId: query.caseId,
        details: {
          filters: Object.keys(query).filter((k) => !['page', 'limit'].includes(k)),
          returned: rows.length,
        },
      });
      return { items: rows.map(toReminderView), total, page, limit };
    });
  }

  async get(id: string, caseId?: string): Promise<ReminderResponseDto> {
    return this.tx.run(async (m) => {
      const reminder = await m.getRepository(Reminder).findOneBy({ id });
      // A reminder asked for under another case is as unknown as one that does not exist.
      if (!reminder || (caseId && reminder.caseId !== caseId)) throw notFound('Reminder');
      await this.audit.record(m, { action: 'reminder.read', entityType: 'reminder', entityId: id });
      return toReminderView(reminder);
    });
  }

  async update(id: string, dto: UpdateReminderDto): Promise<ReminderResponseDto> {
    if (dto.channels) this.assertChannelsConfigured(dto.channels);
    if (dto.dueAt) this.assertFuture(dto.dueAt);
    const { saved, moved } = await this.tx.run(async (m) => {
      const repo = m.getRepository(Reminder);
      const reminder = await repo.findOneBy({ id });
      if (!reminder) throw notFound('Reminder');
      this.assertScheduled(reminder, 'changed');
      if (dto.recipientIds) await this.assertRecipients(m, dto.recipientIds);
      const changed = (['dueAt', 'message', 'channels', 'recipientIds'] as const).filter(
        (k) => dto[k] !== undefined,
      );
      const moved = dto.dueAt !== undefined && dto.dueAt.getTime() !== reminder.dueAt.getTime();
      Object.assign(reminder, {
        ...(dto.dueAt ? { dueAt: dto.dueAt } : {}),
        ...(dto.message !== undefined ? { message: dto.message } : {}),
        ...(dto.channels ? { channels: dto.channels } : {}),
        ...(dto.recipientIds ? { recipientIds: dto.recipientIds } : {}),
        // Edited by hand, an automatic reminder is the user's now: the planner leaves it alone.
        autoKey: null,
      });
      const saved = await repo.save(reminder);
      await this.audit.record(m, {
        action: 'reminder.update',
        entityType: 'reminder',
        entityId: id,
        details: { caseId: reminder.caseId, changed },
      });
      return { saved, moved };
    });
    if (moved) await this.scheduler.reschedule(saved);
    return toReminderView(saved);
  }

  async cancel(id: string): Promise<ReminderResponseDto> {
    const saved = await this.tx.run(async (m) => {
      const repo = m.getRepository(Reminder);
      const reminder = await repo.findOneBy({ id });
      if (!reminder) throw notFound('Reminder');
      this.assertScheduled(reminder, 'cancelled');
      Object.assign(reminder, {
        status: ReminderStatus.Cancelled,
        cancelledAt: new Date(),
        cancelReason: 'by_user',
      });
      const saved = await repo.save(reminder);
      await this.audit.record(m, {
        action: 'reminder.cancel',
        entityType: 'reminder',
        entityId: id,
        details: { caseId: reminder.caseId },
      });
      return saved;
    });
    await this.scheduler.unschedule(id);
    return toReminderView(saved);
  }

  private defaultRecipientsFor(c: Case, caller: User): string[] {
    return c.assigneeId || c.coordinatorId ? defaultRecipients(c) : [caller.id];
  }

  private assertScheduled(reminder: Reminder, what: string): void {
    if (reminder.status !== ReminderStatus.Scheduled) {
      throw new DomainError(
        'CONFLICT',
        `Only a scheduled reminder can be ${what}; this one is ${reminder.status}`,
        {
          status: reminder.status,
        },
      );
    }
  }

  private assertFuture(dueAt: Date): void {
    if (dueAt.getTime() <= Date.now()) {
      throw new DomainError('UNPROCESSABLE', 'dueAt must be in the future');
    }
  }

  private assertChannelsConfigured(channels: Channel[]): void {
    if (channels.includes(Channel.Email) && !this.config.get('smtpUrl', { infer: true })) {
      throw new DomainError('UNPROCESSABLE', 'channels: email is not configured on this server (SMTP_URL)');
    }
    if (channels.includes(Channel.Webhook) && !this.config.get('webhookUrl', { infer: true })) {
      throw new DomainError(
        'UNPROCESSABLE',
        'channels: webhook is not configured on this server (WEBHOOK_URL)',
      );
    }
  }

  /** Recipients must be active users who may see cases (researchers may not). */
  private async assertRecipients(m: EntityManager, ids: string[]): Promise<void> {
    const users = await m.getRepository(User).findBy({ id: In(ids) });
    const ok = new Set(users.filter((u) => u.active && u.role !== Role.Researcher).map((u) => u.id));
    const bad = ids.filter((id) => !ok.has(id));
    if (bad.length) {
      throw new DomainError(
        'UNPROCESSABLE',
        `recipientIds: ${bad.join(', ')} ${bad.length === 1 ? 'is not an active user' : 'are not active users'} who may receive reminders`,
        { invalidRecipientIds: bad },
      );
    }
  }
}
