import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { AutoReminders } from './auto-reminders.service';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { FollowUpService } from './follow-up.service';
import { ReminderDeliveryService } from './reminder-delivery.service';
import { ReminderProcessor } from './reminder.processor';
import { ReminderReconciler } from './reminder-reconciler';
import { ReminderScheduler } from './reminder-scheduler';
import { RemindersController } from './reminders.controller';
import { RemindersService } from './reminders.service';

/**
 * Reminders: routes, automatic reminders, the reconciler and — where WORKER is on — the
 * processor that delivers them (in-app, email, webhook).
 */
@Module({})
export class RemindersModule {
  static forRoot(config: Pick<AppConfig, 'worker'>): DynamicModule {
    return {
      module: RemindersModule,
      controllers: [RemindersController],
      providers: [
        ReminderScheduler,
        RemindersService,
        AutoReminders,
        ReminderReconciler,
        ReminderDeliveryService,
        FollowUpService,
        EmailChannel,
        WebhookChannel,
        ...(config.worker ? [ReminderProcessor] : []),
      ],
    };
  }
}
