import { Appeal } from '../appeals/appeal.entity';
import { AuditEntry, AuditHead } from '../audit/audit-entry.entity';
import { LoginFailure } from '../auth/login-failure.entity';
import { Session } from '../auth/session.entity';
import { CalendarToken } from '../calendar/calendar-token.entity';
import { CaseTransition } from '../cases/case-transition.entity';
import { Case, CaseReferenceCounter } from '../cases/case.entity';
import { Evidence, EvidenceCustody } from '../evidence/evidence.entity';
import { ExportJobRecord } from '../exports/export.entity';
import { MemberAlias } from '../members/member-alias.entity';
import { LogCheckpoint, LogHead, LogLeaf, LogNode, LogSalts } from '../log/log.entity';
import { Member } from '../members/member.entity';
import { Notification } from '../notifications/notification.entity';
import { ReminderDelivery } from '../reminders/reminder-delivery.entity';
import { Reminder } from '../reminders/reminder.entity';
import { TimelineEvent } from '../timeline/timeline-event.entity';
import { User } from '../users/user.entity';

/**
 * Every entity, registered once with the data source here rather than by the feature modules
 * (TypeOrmModule.forFeature): features read through ReadDatabase and write through
 * TransactionService, never through an injected repository (docs/architecture.md, "Reading").
 * entities.spec.ts fails when an entity is missing.
 */
export const ENTITIES = [
  Appeal,
  AuditEntry,
  AuditHead,
  CalendarToken,
  Case,
  CaseReferenceCounter,
  CaseTransition,
  Evidence,
  EvidenceCustody,
  ExportJobRecord,
  LogCheckpoint,
  LogHead,
  LogLeaf,
  LoginFailure,
  LogNode,
  LogSalts,
  Member,
  MemberAlias,
  Notification,
  Reminder,
  ReminderDelivery,
  Session,
  TimelineEvent,
  User,
];
