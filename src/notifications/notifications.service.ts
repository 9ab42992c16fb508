import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TransactionService } from '../database/transaction.service';
import { hiddenFromCaller, notFound } from '../http/domain-error';
import { User } from '../users/user.entity';
import { Notification } from './notification.entity';
import {
  NotificationPageDto,
  NotificationResponseDto,
  toNotificationView,
} from './dto/notification-response.dto';

@Injectable()
export class NotificationsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** The caller's own notifications: unread first, then newest first. */
  async list(user: User, page = 1, limit = 50): Promise<NotificationPageDto> {
    return this.tx.run(async (m) => {
      const [rows, total] = await m
        .getRepository(Notification)
        .createQueryBuilder('n')
        .where('n.userId = :userId', { userId: user.id })
        .orderBy('CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END', 'ASC')
        .addOrderBy('n.createdAt', 'DESC')
        .addOrderBy('n.id', 'ASC')
        .skip((page - 1) * limit)
        .take(limit)
        .getManyAndCount();
      const unread = await m.getRepository(Notification).countBy({ userId: user.id, readAt: IsNull() });
      return { items: rows.map(toNotificationView), total, unread, page, limit };
    });
  }

  /** Marks one of the caller's notifications read; someone else's is as unknown as a missing one. */
  async markRead(user: User, id: string): Promise<NotificationResponseDto> {
    return this.tx.run(async (m) => {
      const repo = m.getRepository(Notification);
      const n = await repo.findOneBy({ id, userId: user.id });
      if (!n)
        throw (await repo.existsBy({ id })) ? hiddenFromCaller('Notification', id) : notFound('Notification');
      if (!n.readAt) {
        n.readAt = new Date();
        await repo.update({ id }, { readAt: n.readAt });
        await this.audit.record(m, { action: 'notification.read', entityType: 'notification', entityId: id });
      }
      return toNotificationView(n);
    });
  }
}
