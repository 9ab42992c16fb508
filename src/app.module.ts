import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EvidenceModule } from './evidence/evidence.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { LogModule } from './log/log.module';
import { RedisModule } from './redis/redis.module';
import { UsersModule } from './users/users.module';
import { CaseLifecycleModule } from './cases/case-lifecycle';
import { MembersModule } from './members/members.module';
import { CasesModule } from './cases/cases.module';
import { AppealsModule } from './appeals/appeals.module';
import { TimelineModule } from './timeline/timeline.module';
import { QueuesModule } from './queues/queues.module';
import { RemindersModule } from './reminders/reminders.module';
import { NotificationsModule } from './notifications/notifications.module';
import { CalendarModule } from './calendar/calendar.module';
import { ExportsModule } from './exports/exports.module';
import { StatsModule } from './stats/stats.module';

export interface AppModuleOptions {
  /** Where logs go (stdout by default); tests capture them to check what is logged. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config, options.logDestination),
        DatabaseModule.forRoot(config),
        RedisModule,
        CaseLifecycleModule,
        LogModule,
        AuditModule,
        UsersModule,
        AuthModule,
        HealthModule,
        TimelineModule,
        MembersModule,
        CasesModule,
        AppealsModule,
        EvidenceModule,
        QueuesModule,
        RemindersModule.forRoot(config),
        NotificationsModule,
        CalendarModule,
        ExportsModule,
        StatsModule,
      ],
    };
  }
}
