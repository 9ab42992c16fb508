/**
 * Every Bull queue and job name, with its payload type, in one place. A job's id is derived
 * from what it is about (e.g. `reminder:<id>`) so that adding it twice is a no-op.
 */
export const QUEUES = {
  reminders: 'reminders',
  exports: 'exports',
  log: 'log',
} as const;

export const JOBS = {
  /** Deliver one reminder. Payload: ReminderJob. jobId: reminder:<id> */
  deliverReminder: 'deliver-reminder',
  /** Daily sweep creating follow-up reminders for quiet cases. */
  followUpSweep: 'follow-up-sweep',
  /** Run one background export. Payload: ExportJob. jobId: export:<id> */
  runExport: 'run-export',
  /** Daily removal of export files past EXPORT_RETENTION_DAYS. */
  exportRetention: 'export-retention',
  /** POST one signed checkpoint to LOG_WITNESS_URL. Payload: CheckpointJob. jobId: checkpoint:<id> */
  sendCheckpoint: 'send-checkpoint',
} as const;

export interface ReminderJob {
  reminderId: string;
}

export interface ExportJob {
  exportId: string;
}

export interface CheckpointJob {
  checkpointId: number;
}

/** Key (under the reminders queue's prefix) of the last finished reminder reconcile: {at, added}. */
export const LAST_RECONCILE_KEY = 'last-reconcile';

export const reminderJobId = (reminderId: string) => `reminder:${reminderId}`;
export const exportJobId = (exportId: string) => `export:${exportId}`;
export const checkpointJobId = (checkpointId: number) => `checkpoint:${checkpointId}`;
