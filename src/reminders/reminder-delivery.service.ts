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

/** A job may fire this much before dueAt (timer granularity) and still count as due. */
const EARLY_TOLERANCE_MS = 100;
/** While one run sends an email or webhook, others keep off it this long. */
const CLAIM_MS = 60_000;
const MAX_ERROR_LENGTH = 1000;

export type DeliveryOutcome = 'sent' | 'not-due' | 'skipped';

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

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  async deliver(reminderId: string): Promise<DeliveryOutcome> {
    let prepared;
    try {
      prepared = await this.tx.run((m) => this.prepare(m, reminderId));
    } catch (e) {
      // Two runs racing to record the same delivery (PostgreSQL): the loser looks again.
      if (!isUniqueViolation(e)) throw e;
      prepared = await this.tx.run((m) => this.prepare(m, reminderId));
    }
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
    await this.tx.run((m) => this.markSent(m, prepared.reminder));
    return 'sent';
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

  private async prepare(
    m: EntityManager,
    reminderId: string,
  ): Promise<
    | { outcome: DeliveryOutcome }
    | { outcome: 'continue'; reminder: Reminder; reference: string; external: ExternalDelivery[] }
  > {
    const reminder = await m.getRepository(Reminder).findOneBy({ id: reminderId });
    if (!reminder || reminder.status !== ReminderStatus.Scheduled) return { outcome: 'skipped' };
    if (reminder.dueAt.getTime() > Date.now() + EARLY_TOLERANCE_MS) return { outcome: 'not-due' };
    const c = await m.getRepository(Case).findOneBy({ id: reminder.caseId });
    const reference = c?.reference ?? '';
    const users = reminder.recipientIds.length
      ? await m.getRepository(User).findBy({ id: In(reminder.recipientIds) })
      : [];
    const active = new Map(users.filter((u) => u.active).map((u) => [u.id, u]));
    const deliveries = m.getRepository(ReminderDelivery);
    const existing = await deliveries.findBy({ reminderId });
    const key = (channel: string, recipient: string) => `${channel}|${recipient}`;
    const known = new Map(existing.map((d) => [key(d.channel, d.recipient), d]));
    const external: ExternalDelivery[] = [];

    const record = async (channel: Channel, recipient: string, status: DeliveryStatus) => {
      const found = known.get(key(channel, recipient));
      if (found) return found;
      const row = deliveries.create({
        reminderId,
        channel,
        recipient,
        status,
        attempts: 0,
        lastError: null,
        claimedUntil: null,
        deliveredAt: status === DeliveryStatus.Done ? new Date() : null,
      });
      await deliveries.insert(row);
      return row;
    };

    for (const channel of reminder.channels) {
      switch (channel) {
        case Channel.InApp:
          for (const recipient of reminder.recipientIds) {
            if (known.has(key(channel, recipient))) continue;
            if (!active.has(recipient)) {
              await record(channel, recipient, DeliveryStatus.Skipped);
              continue;
            }
            // The notification commits with its delivery row, or neither does.
            await record(channel, recipient, DeliveryStatus.Done);
            await m.getRepository(Notification).insert(
              m.getRepository(Notification).create({
                userId: recipient,
                reminderId,
                caseId: reminder.caseId,
                caseReference: reference || null,
                kind: reminder.kind,
                message: reminder.message,
                readAt: null,
              }),
            );
          }
          break;
        case Channel.Email:
          for (const recipient of reminder.recipientIds) {
            const user = active.get(recipient);
            const d = await record(
              channel,
              recipient,
              user ? DeliveryStatus.Pending : DeliveryStatus.Skipped,
            );
            if (d.status === DeliveryStatus.Pending) external.push({ delivery: d, email: user?.email });
          }
          break;
        case Channel.Webhook: {
          const d = await record(channel, WEBHOOK_RECIPIENT, DeliveryStatus.Pending);
          if (d.status === DeliveryStatus.Pending) external.push({ delivery: d });
          break;
        }
        default:
          assertNever(channel);
      }
    }
    if (!external.length) {
      await this.markSent(m, reminder);
      return { outcome: 'sent' };
    }
    return { outcome: 'continue', reminder, reference, external };
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

  private async markSent(m: EntityManager, reminder: Reminder): Promise<void> {
    const result = await m
      .getRepository(Reminder)
      .update(
        { id: reminder.id, status: ReminderStatus.Scheduled },
        { status: ReminderStatus.Sent, sentAt: new Date(), lastError: null },
      );
    if (!result.affected) return;
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
    this.logger.debug({ reminderId: reminder.id }, 'reminder sent');
  }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  return e?.driverError?.code === '23505' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
