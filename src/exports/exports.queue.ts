import { ConfigService } from '@nestjs/config';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { In, IsNull, LessThan, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { ExportJob, exportJobId, JOBS, QUEUES } from '../queues/queues';
import { FastRedis } from '../redis/redis.module';
import { LogService } from '../log/log.service';
import { ExportJobRecord, ExportStatus } from './export.entity';
import { ExportEvent, FORMAT_FILES } from './export-format';
import { SharedPaths } from '../log/shared-paths';
import {
  isVerifiable,
  RowProof,
  rowProof,
  sidecarLine,
  VerifiableFormat,
  verifiableHead,
} from './export-proofs';
import { TimelineExporter } from './timeline-exporter';

const ENQUEUE_TIMEOUT_MS = 2000;
const PROGRESS_EVERY_MS = 1000;
const RETENTION_EVERY_MS = 3600_000;
const DAY_MS = 86_400_000;

/** The CSV sidecar of an export, in EXPORT_DIR. */
export function proofsFileName(exportId: string): string {
  return `${exportId}.proofs.ndjson`;
}

/** Counts and hashes the bytes on their way to the file, so the manifest describes the file exactly. */
class Digest extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/**
 * Background exports on the Bull `exports` queue. The database holds every request; Redis only
 * the schedule. Requests never wait for Redis: enqueueing happens after the response, and a
 * reconcile loop (at start and every RECONCILE_INTERVAL_MS) adds the job of every export still
 * queued or running — job ids are export:<id>, so adding twice is a no-op.
 */
@Injectable()
export class ExportsQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExportsQueue.name);
  private timer?: NodeJS.Timeout;
  private lastRedisWarning = 0;

  constructor(
    @InjectQueue(QUEUES.exports) private readonly queue: Queue,
    private readonly reads: ReadDatabase,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly exporter: TimelineExporter,
    private readonly log: LogService,
    private readonly redis: FastRedis,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {
    // Bull re-emits Redis connection errors on the queue; unhandled, they would crash the process.
    queue.on('error', (err) => {
      if (Date.now() - this.lastRedisWarning > 60_000) {
        this.lastRedisWarning = Date.now();
        this.logger.warn({ err: err.message }, 'exports queue: Redis unavailable, exports stay queued');
      }
    });
  }

  private get cfg(): TypedConfigService {
    return this.config;
  }

  private get exportDir(): string {
    return resolve(this.cfg.get('exportDir', { infer: true }));
  }

  onApplicationBootstrap(): void {
    if (!this.cfg.get('worker', { infer: true })) return;
    mkdirSync(this.exportDir, { recursive: true });
    // Not awaited: Bull waits for Redis, and the app must serve without it.
    void this.queue.process(JOBS.runExport, 1, (job) => this.runExport((job.data as ExportJob).exportId));
    void this.queue.process(JOBS.exportRetention, 1, () => this.removeExpiredFiles());
    void this.queue
      .add(JOBS.exportRetention, {}, { repeat: { every: RETENTION_EVERY_MS }, jobId: JOBS.exportRetention })
      .catch(() => undefined);
    void this.removeExpiredFiles().catch((e) =>
      this.logger.error({ err: e.message }, 'export retention failed'),
    );
    void this.reconcile();
    this.timer = setInterval(
      () => void this.reconcile(),
      this.cfg.get('reconcileIntervalMs', { infer: true }),
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Fire and forget: the caller has its answer already; reconcile catches what this misses. */
  enqueueSoon(exportId: string): void {
    setImmediate(() => void this.enqueue(exportId));
  }

  private async enqueue(exportId: string): Promise<boolean> {
    if (!(await this.redis.ping(500))) return false;
    try {
      await Promise.race([
        this.queue.add(JOBS.runExport, { exportId } satisfies ExportJob, {
          jobId: exportJobId(exportId),
          removeOnComplete: true,
          removeOnFail: true,
        }),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), ENQUEUE_TIMEOUT_MS).unref(),
        ),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  /** Puts every unfinished export back on the queue (a no-op for jobs Redis still has). */
  async reconcile(): Promise<void> {
    try {
      if (!(await this.redis.ping(500))) return;
      const pending = await this.reads.source.getRepository(ExportJobRecord).find({
        select: { id: true },
        where: { status: In([ExportStatus.Queued, ExportStatus.Running]) },
        order: { createdAt: 'ASC' },
        take: 500,
      });
      for (const { id } of pending) if (!(await this.enqueue(id))) return;
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'export reconcile failed');
    }
  }

  /** Runs one export into EXPORT_DIR: written as .part, hashed on the way, renamed when complete. */
  async runExport(exportId: string): Promise<void> {
    const repo = this.reads.source.getRepository(ExportJobRecord);
    const record = await repo.findOneBy({ id: exportId });
    // Looks at the current state first: a finished export (or an unknown id) is left alone.
    if (!record || record.status === ExportStatus.Done || record.status === ExportStatus.Failed) return;
    await this.transactions.run((m) =>
      m
        .getRepository(ExportJobRecord)
        .update({ id: exportId }, { status: ExportStatus.Running, startedAt: new Date(), progress: 0 }),
    );
    const fileName = `${exportId}.${FORMAT_FILES[record.format].extension}`;
    const finalPath = join(this.exportDir, fileName);
    const partPath = `${finalPath}.part`;
    const sidecarPath = join(this.exportDir, proofsFileName(exportId));
    const sidecarPart = `${sidecarPath}.part`;
    const digest = new Digest();
    let lastProgress = 0;
    let sidecar: WriteStream | undefined;
    try {
      mkdirSync(this.exportDir, { recursive: true });
      const sink = createWriteStream(partPath, { mode: 0o600 });
      const generatedAt = new Date();
      // The export is as of a checkpoint signed now: every row read later whose event was logged
      // before it carries its proof against it (rows logged after it are left to the next export).
      const format = record.format;
      const verifiable = isVerifiable(format)
        ? { format, checkpoint: await this.log.checkpointNow(), paths: undefined }
        : undefined;
      const head = verifiable && verifiableHead(verifiable.checkpoint, verifiable.format);
      if (head && format === 'csv') {
        sidecar = createWriteStream(sidecarPart, { mode: 0o600 });
        sidecar.write(`${JSON.stringify(head)}\n`);
      }
      const { rows } = await this.exporter.run(
        {
          filters: record.filters,
          pseudonymise: record.pseudonymised,
          consentingMembersOnly: record.consentingMembersOnly,
        },
        record.format,
        {
          generatedAt: generatedAt.toISOString(),
          format: record.format,
          filters: record.filters,
          pseudonymised: record.pseudonymised,
          ...(head && format !== 'csv' ? { verifiable: head } : {}),
        },
        [digest, sink],
        {
          bom: record.bom,
          prove: verifiable && ((batch, redacted) => this.prove(verifiable, batch, redacted, sidecar)),
          onPage: async (n) => {
            if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
            lastProgress = Date.now();
            await this.transactions.run((m) =>
              m.getRepository(ExportJobRecord).update({ id: exportId }, { progress: n }),
            );
          },
        },
      );
      await new Promise<void>((resolveDone, reject) => {
        if (sink.closed) return resolveDone();
        sink.once('close', () => resolveDone()).once('error', reject);
      });
      if (sidecar) {
        sidecar.end();
        await once(sidecar, 'close');
        renameSync(sidecarPart, sidecarPath);
      }
      renameSync(partPath, finalPath);
      const sha256 = digest.hash.digest('hex');
      await this.transactions.run(async (m) => {
        await m.getRepository(ExportJobRecord).update(
          { id: exportId },
          {
            status: ExportStatus.Done,
            progress: rows,
            rowCount: rows,
            bytes: digest.bytes,
            sha256,
            fileName,
            completedAt: new Date(),
            error: null,
          },
        );
        await this.audit.record(m, {
          action: 'export.completed',
          entityType: 'export',
          entityId: exportId,
          actorId: record.requestedBy,
          details: {
            format: record.format,
            filters: record.filters,
            pseudonymised: record.pseudonymised,
            rowCount: rows,
            bytes: digest.bytes,
            sha256,
            checkpointSize: verifiable?.checkpoint.size ?? null,
          },
        });
      });
    } catch (e) {
      rmSync(partPath, { force: true });
      sidecar?.destroy();
      rmSync(sidecarPart, { force: true });
      this.logger.error({ err: (e as Error).message, exportId }, 'background export failed');
      await this.transactions.run(async (m) => {
        await m.getRepository(ExportJobRecord).update(
          { id: exportId },
          {
            status: ExportStatus.Failed,
            error: 'The export could not be written',
            completedAt: new Date(),
          },
        );
        await this.audit.record(m, {
          action: 'export.failed',
          entityType: 'export',
          entityId: exportId,
          actorId: record.requestedBy,
          details: { format: record.format, filters: record.filters, pseudonymised: record.pseudonymised },
        });
      });
    }
  }

  /**
   * Attaches each row's proof (JSON, NDJSON) or writes it to the sidecar (CSV). A row whose event
   * was logged after the export's checkpoint is left out; one with no leaf at all (written around
   * the log) stays, with a null proof, for the verifier to report.
   */
  private async prove(
    verifiable: { format: VerifiableFormat; checkpoint: { size: number }; paths?: SharedPaths },
    batch: ExportEvent[],
    redacted: readonly ReadonlySet<string>[],
    sidecar: WriteStream | undefined,
  ): Promise<ExportEvent[]> {
    const { proofs, later } = await this.log.proveRecords(
      'timeline',
      batch.map((e) => e.id),
      verifiable.checkpoint.size,
    );
    const out: ExportEvent[] = [];
    let lines = '';
    batch.forEach((event, i) => {
      if (later.has(event.id)) return;
      const logged = proofs.get(event.id);
      let proof: RowProof | null = null;
      if (logged) {
        // Rows share their paths in the order they are written (the log has a leaf: size >= 1).
        verifiable.paths ??= new SharedPaths(verifiable.checkpoint.size);
        const path = verifiable.paths.share(logged.leafIndex, logged.proof);
        proof = rowProof(verifiable.format, event, redacted[i], logged, path);
      }
      if (sidecar) {
        lines += sidecarLine(proof);
        out.push(event);
      } else {
        out.push({ ...event, proof });
      }
    });
    if (sidecar && lines && !sidecar.write(lines)) await once(sidecar, 'drain');
    return out;
  }

  /** Deletes files older than EXPORT_RETENTION_DAYS; the manifests stay, marked with fileDeletedAt. */
  async removeExpiredFiles(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.cfg.get('exportRetentionDays', { infer: true }) * DAY_MS);
    const expired = await this.reads.source.getRepository(ExportJobRecord).find({
      where: { completedAt: LessThan(cutoff), fileDeletedAt: IsNull(), fileName: Not(IsNull()) },
      take: 1000,
    });
    for (const record of expired) {
      // The manifest is marked first, so no download is ever offered a file that is already gone.
      await this.transactions.run(async (m) => {
        await m.getRepository(ExportJobRecord).update({ id: record.id }, { fileDeletedAt: new Date() });
        await this.audit.record(m, {
          action: 'export.file_deleted',
          entityType: 'export',
          entityId: record.id,
          actorId: null,
          details: {
            reason: 'retention',
            retentionDays: this.cfg.get('exportRetentionDays', { infer: true }),
          },
        });
      });
      rmSync(join(this.exportDir, record.fileName!), { force: true });
      rmSync(join(this.exportDir, proofsFileName(record.id)), { force: true });
    }
    return expired.length;
  }
}
