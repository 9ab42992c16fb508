import { ConfigService } from '@nestjs/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, In, IsNull, LessThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import { TypedConfigService } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { Notification } from '../notifications/notification.entity';
import { User } from '../users/user.entity';
import { EmailChannel } from './channels/email.channel';
import { redactAddresses } from './channels/messages';
import { WebhookChannel } from './channels/webhook.channel';
import { DeliveryStatus, ReminderDelivery } from './reminder-delivery.entity';
import { assertNever, Channel, ReminderStatus, WEBHOOK_RECIPIENT } from './reminder-kinds';
import { Reminder } from './reminder.entity';
import { isUniqueViolation } from '../database/unique-violation';

/** A job may fire this much before dueAt (timer granularity) and still count as due. */
const EARLY_TOLERANCE_MS = 100;
/** While one run sends an email or webhook, others keep off it this long. */
const CLAIM_MS = 60_000;
const MAX_ERROR_LENGTH = 1000;

export type DeliveryOutcome = 'sent' | 'not-due' | 'skipped';

type Prepared =
  | { outcome: DeliveryOutcome }
  | { outcome: 'continue'; reminder: Reminder; reference: string; external: ExternalDelivery[] };

/** Reminders whose database part shares one transaction, at most. */
const MAX_BATCH = 200;
/** Due in-app reminders delivered along with a batch, at most. */
const MAX_COMPANIONS = 500;
/** Rows per multi-row INSERT (well under SQLite's bound-parameter limit). */
const INSERT_CHUNK = 100;

interface ExternalDelivery {
  delivery: ReminderDelivery;
  email?: string;
}

/**
 * Delivers one reminder. Every (reminder, channel, recipient) is written to reminder_deliveries
 * under a unique key before its side effect, so a job that runs twice notifies nobody twice:
 * in-app notifications are written in the same transaction as their delivery row; emails and
 * webhooks are claimed, sent, then marked done.
 */
@Injectable()
export class ReminderDeliveryService {
  private readonly logger = new Logger(ReminderDeliveryService.name);
  private readonly pending: {
    reminderId: string;
    resolve: (p: Prepared) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private flushing = false;

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  async deliver(reminderId: string): Promise<DeliveryOutcome> {
    const prepared = await this.prepareBatched(reminderId);
    if (prepared.outcome !== 'continue') return prepared.outcome;

    const errors: string[] = [];
    for (const item of prepared.external) {
      try {
        await this.sendExternal(prepared.reminder, prepared.reference, item);
      } catch (e) {
        errors.push(`${item.delivery.channel}: ${redactAddresses((e as Error).message)}`);
      }
    }
    if (errors.length) throw new Error(errors.join('; ').slice(0, MAX_ERROR_LENGTH));
    await this.tx.run((m) => this.markSent(m, [prepared.reminder]));
    return 'sent';
  }

  /**
   * Group commit: jobs running at the same time share one transaction for their database part
   * (in-app notifications, delivery rows, status). Commits, not queries, bound the rate on
   * SQLite with synchronous=FULL; a burst of due reminders is written a batch per commit.
   * If a batch fails, each reminder of it is tried again on its own.
   */
  private prepareBatched(reminderId: string): Promise<Prepared> {
    return new Promise((resolve, reject) => {
      this.pending.push({ reminderId, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        let results: Prepared[] | null = null;
        const started = Date.now();
        try {
          results = await this.tx.run(async (m) => {
            const ids = batch.map((item) => item.reminderId);
            const companions = await this.dueCompanions(m, ids);
            const prepared = await this.prepareMany(m, [...ids, ...companions]);
            return batch.map((item) => prepared.get(item.reminderId)!);
          });
        } catch {
          results = null;
        }
        this.logger.debug(
          { size: batch.length, ms: Date.now() - started, ok: Boolean(results) },
          'delivery batch',
        );
        if (results) {
          batch.forEach((item, i) => item.resolve(results[i]));
          continue;
        }
        for (const item of batch) {
          await this.prepareAlone(item.reminderId).then(item.resolve, item.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Other in-app-only reminders already due, delivered along with the batch: a burst of
   * reminders due at one moment is written a few hundred per transaction instead of waiting
   * for each job's turn. Their own jobs then find them sent and do nothing.
   */
  private async dueCompanions(m: EntityManager, exclude: string[]): Promise<string[]> {
    const qb = m
      .getRepository(Reminder)
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .where('r.status = :status', { status: ReminderStatus.Scheduled })
      .andWhere('r.dueAt <= :now', { now: new Date() })
      .andWhere('r.channels = :inapp', { inapp: JSON.stringify([Channel.InApp]) })
      .andWhere('r.id NOT IN (:...exclude)', { exclude })
      .orderBy('r.dueAt', 'ASC')
      .limit(MAX_COMPANIONS);
    // Several workers on PostgreSQL: each takes rows the others have not locked.
    if (this.tx.isPostgres) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
    return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
  }

  private async prepareAlone(reminderId: string): Promise<Prepared> {
    try {
      return await this.tx.run(async (m) => (await this.prepareMany(m, [reminderId])).get(reminderId)!);
    } catch (e) {
      // Two runs racing to record the same delivery (PostgreSQL): the loser looks again.
      if (!isUniqueViolation(e)) throw e;
      return this.tx.run(async (m) => (await this.prepareMany(m, [reminderId])).get(reminderId)!);
    }
  }

  /** Records a failed run; after the last allowed attempt the reminder becomes `failed`. */
  async recordFailure(reminderId: string, error: string): Promise<ReminderStatus | null> {
    const max = this.config.get('reminderAttempts', { infer: true });
    return this.tx.run(async (m) => {
      const repo = m.getRepository(Reminder);
      const reminder = await repo.findOneBy({ id: reminderId });
      if (!reminder || reminder.status !== ReminderStatus.Scheduled) return reminder?.status ?? null;
      const attempts = reminder.attempts + 1;
      const failed = attempts >= max;
      await repo.update(
        { id: reminderId, status: ReminderStatus.Scheduled },
        {
          attempts,
          lastError: error.slice(0, MAX_ERROR_LENGTH),
          ...(failed ? { status: ReminderStatus.Failed } : {}),
        },
      );
      if (failed) {
        await this.audit.record(m, {
          action: 'reminder.failed',
          entityType: 'reminder',
          entityId: reminderId,
          actorId: null,
          details: { caseId: reminder.caseId, attempts },
        });
      }
      return failed ? ReminderStatus.Failed : ReminderStatus.Scheduled;
    });
  }

  /**
   * The database part of delivering several reminders, in the caller's transaction: a few
   * set-wise reads, then multi-row inserts of delivery rows and notifications, then the status.
   */
  private async prepareMany(m: EntityManager, ids: string[]): Promise<Map<string, Prepared>> {
    const result = new Map<string, Prepared>();
    const now = Date.now();
    const found = await m.getRepository(Reminder).findBy({ id: In(ids) });
    const byId = new Map(found.map((r) => [r.id, r]));
    const due: Reminder[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (!r || r.status !== ReminderStatus.Scheduled) result.set(id, { outcome: 'skipped' });
      else if (r.dueAt.getTime() > now + EARLY_TOLERANCE_MS) result.set(id, { outcome: 'not-due' });
      else if (!due.includes(r)) due.push(r);
    }
    if (!due.length) return result;

    const caseIds = Array.from(new Set(due.map((r) => r.caseId)));
    const userIds = Array.from(new Set(due.flatMap((r) => r.recipientIds)));
    // One after the other: a transaction is one connection, and pg's client runs one query at a
    // time (queueing a second on a busy client is deprecated and warns).
    const cases = await m.getRepository(Case).findBy({ id: In(caseIds) });
    const users = userIds.length ? await m.getRepository(User).findBy({ id: In(userIds) }) : [];
    const existing = await m.getRepository(ReminderDelivery).findBy({ reminderId: In(due.map((r) => r.id)) });
    const references = new Map(cases.map((c) => [c.id, c.reference]));
    const active = new Map(users.filter((u) => u.active).map((u) => [u.id, u]));
    const key = (reminderId: string, channel: string, recipient: string) =>
      `${reminderId}|${channel}|${recipient}`;
    const known = new Map(existing.map((d) => [key(d.reminderId, d.channel, d.recipient), d]));
    const deliveries = m.getRepository(ReminderDelivery);
    const notifications = m.getRepository(Notification);
    const newDeliveries: ReminderDelivery[] = [];
    const newNotifications: Notification[] = [];
    const sent: Reminder[] = [];

    for (const reminder of due) {
      const reference = references.get(reminder.caseId) ?? '';
      const external: ExternalDelivery[] = [];
      const record = (channel: Channel, recipient: string, status: DeliveryStatus): ReminderDelivery => {
        const k = key(reminder.id, channel, recipient);
        const had = known.get(k);
        if (had) return had;
        const row = deliveries.create({
          reminderId: reminder.id,
          channel,
          recipient,
          status,
          attempts: 0,
          lastError: null,
          claimedUntil: null,
          createdAt: new Date(),
          deliveredAt: status === DeliveryStatus.Done ? new Date() : null,
        });
        row.assignId();
        known.set(k, row);
        newDeliveries.push(row);
        return row;
      };
      for (const channel of reminder.channels) {
        switch (channel) {
          case Channel.InApp:
            for (const recipient of reminder.recipientIds) {
              if (known.has(key(reminder.id, channel, recipient))) continue;
              if (!active.has(recipient)) {
                record(channel, recipient, DeliveryStatus.Skipped);
                continue;
              }
              // The notification commits with its delivery row, or neither does.
              record(channel, recipient, DeliveryStatus.Done);
              const n = notifications.create({
                userId: recipient,
                reminderId: reminder.id,
                caseId: reminder.caseId,
                caseReference: reference || null,
                kind: reminder.kind,
                message: reminder.message,
                createdAt: new Date(),
                readAt: null,
              });
              n.assignId();
              newNotifications.push(n);
            }
            break;
          case Channel.Email:
            for (const recipient of reminder.recipientIds) {
              const user = active.get(recipient);
              const d = record(channel, recipient, user ? DeliveryStatus.Pending : DeliveryStatus.Skipped);
              if (d.status === DeliveryStatus.Pending) external.push({ delivery: d, email: user?.email });
            }
            break;
          case Channel.Webhook: {
            const d = record(channel, WEBHOOK_RECIPIENT, DeliveryStatus.Pending);
            if (d.status === DeliveryStatus.Pending) external.push({ delivery: d });
            break;
          }
          default:
            assertNever(channel);
        }
      }
      if (external.length) {
        result.set(reminder.id, { outcome: 'continue', reminder, reference, external });
      } else {
        sent.push(reminder);
        result.set(reminder.id, { outcome: 'sent' });
      }
    }
    // Plain multi-row inserts: ids and times are set here, nothing needs reading back.
    for (let i = 0; i < newDeliveries.length; i += INSERT_CHUNK) {
      await m
        .createQueryBuilder()
        .insert()
        .into(ReminderDelivery)
        .values(newDeliveries.slice(i, i + INSERT_CHUNK))
        .updateEntity(false)
        .execute();
    }
    for (let i = 0; i < newNotifications.length; i += INSERT_CHUNK) {
      await m
        .createQueryBuilder()
        .insert()
        .into(Notification)
        .values(newNotifications.slice(i, i + INSERT_CHUNK))
        .updateEntity(false)
        .execute();
    }
    await this.markSent(m, sent);
    return result;
  }

  private async sendExternal(reminder: Reminder, reference: string, item: ExternalDelivery): Promise<void> {
    const { delivery } = item;
    const now = new Date();
    const claimed = await this.tx.run(async (m) => {
      const result = await m.getRepository(ReminderDelivery).update(
        [
          { id: delivery.id, status: DeliveryStatus.Pending, claimedUntil: IsNull() },
          { id: delivery.id, status: DeliveryStatus.Pending, claimedUntil: LessThan(now) },
        ],
        { claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: () => 'attempts + 1' },
      );
      return (result.affected ?? 0) > 0;
    });
    if (!claimed) {
      const current = await this.tx.run((m) =>
        m.getRepository(ReminderDelivery).findOneBy({ id: delivery.id }),
      );
      if (current?.status !== DeliveryStatus.Pending) return; // another run finished it
      throw new Error('being sent by another run');
    }
    try {
      if (delivery.channel === Channel.Email) {
        if (!item.email) throw new Error('recipient has no email address');
        await this.email.send({
          to: item.email,
          reference,
          kind: reminder.kind,
          message: reminder.message,
          caseId: reminder.caseId,
          dueAt: reminder.dueAt,
        });
      } else {
        await this.webhook.send(delivery.id, {
          deliveryId: delivery.id,
          event: 'reminder.due',
          reminderId: reminder.id,
          caseId: reminder.caseId,
          caseReference: reference,
          kind: reminder.kind,
          message: reminder.message,
          dueAt: reminder.dueAt.toISOString(),
          recipientIds: reminder.recipientIds,
        });
      }
    } catch (e) {
      const message = redactAddresses((e as Error).message).slice(0, MAX_ERROR_LENGTH);
      await this.tx.run((m) =>
        m
          .getRepository(ReminderDelivery)
          .update({ id: delivery.id }, { claimedUntil: null, lastError: message }),
      );
      throw e;
    }
    await this.tx.run((m) =>
      m
        .getRepository(ReminderDelivery)
        .update(
          { id: delivery.id },
          { status: DeliveryStatus.Done, deliveredAt: new Date(), claimedUntil: null, lastError: null },
        ),
    );
  }

  private async markSent(m: EntityManager, reminders: Reminder[]): Promise<void> {
    if (!reminders.length) return;
    const sentAt = new Date();
    const updated = await m
      .getRepository(Reminder)
      .update(
        { id: In(reminders.map((r) => r.id)), status: ReminderStatus.Scheduled },
        { status: ReminderStatus.Sent, sentAt, lastError: null },
      );
    // After an email or webhook another run may have finished the reminder first: audit it once.
    if (reminders.length === 1 && !updated.affected) return;
    if (reminders.length === 1) {
      const [reminder] = reminders;
      await this.audit.record(m, {
        action: 'reminder.sent',
        entityType: 'reminder',
        entityId: reminder.id,
        actorId: null,
        details: {
          caseId: reminder.caseId,
          channels: reminder.channels,
          recipients: reminder.recipientIds.length,
        },
      });
      return;
    }
    // A burst delivered in one transaction gets one entry naming every reminder: the chained
    // append costs three statements, which would otherwise dominate the burst.
    await this.audit.record(m, {
      action: 'reminder.sent',
      entityType: 'reminder',
      actorId: null,
      details: { reminderIds: reminders.map((r) => r.id), count: reminders.length },
    });
  }
}
