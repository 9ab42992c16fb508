import { ConfigService } from '@nestjs/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AuditService } from '../audit/audit.service';
import { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { DomainError, hiddenFromCaller, notFound } from '../http/domain-error';
import { requestContext, RequestContext } from '../http/request-context';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CreateExportDto } from './dto/create-export.dto';
import { TimelineExportQueryDto } from './dto/timeline-export-query.dto';
import { ExportListDto, ExportManifestDto, ExportQueuedDto, toManifest } from './dto/export-response.dto';
import { ExportJobRecord, ExportStatus } from './export.entity';
import { exportFilename, ExportFormat, FORMAT_FILES } from './export-format';
import { cleanFilters, exportScope } from './export-scope';
import { ExportsQueue, proofsFileName } from './exports.queue';
import { TimelineExporter } from './timeline-exporter';

@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly reads: ReadDatabase,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly exporter: TimelineExporter,
    private readonly queue: ExportsQueue,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  private get exportDir(): string {
    return resolve(this.config.get('exportDir', { infer: true }));
  }

  /**
   * Streams the export into the response. The audit entry (format, filters, flag, row count) is
   * written when the stream ends — in its own short transaction, so that a long or slow download
   * never holds the SQLite write queue — and also when the client went away mid-way.
   */
  async streamTimeline(user: User, query: TimelineExportQueryDto, res: Response): Promise<void> {
    const { format, pseudonymise, bom, ...filterDto } = query;
    const filters = cleanFilters(filterDto);
    const scope = exportScope(user, filters, pseudonymise);
    const generatedAt = new Date();
    const ctx = requestContext.get();
    res.status(200);
    res.setHeader('Content-Type', FORMAT_FILES[format].contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${exportFilename(format, generatedAt)}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');

    let rows = 0;
    let audited = false;
    const audit = async (rowCount: number, completed: boolean) => {
      if (audited) return;
      audited = true;
      await this.recordExport(ctx, {
        action: 'export.timeline',
        details: { format, filters, pseudonymised: scope.pseudonymise, rowCount, completed },
      });
    };
    let failure: unknown;
    try {
      await this.exporter.run(
        scope,
        format,
        { generatedAt: generatedAt.toISOString(), format, filters, pseudonymised: scope.pseudonymise },
        res,
        {
          bom,
          onPage: (n) => void (rows = n),
          // The document is only complete for the client once its audit entry is committed.
          beforeEnd: (n) => audit(n, true),
        },
      );
    } catch (e) {
      failure = e;
      // The client went away (or the database failed) mid-way: what was sent is still recorded.
      await audit(rows, false);
    }
    if (failure !== undefined) {
      const aborted = (failure as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (!aborted) this.logger.error({ err: (failure as Error).message }, 'streamed export failed');
      if (!res.headersSent) throw failure;
    }
  }

  private recordExport(
    ctx: RequestContext | undefined,
    entry: { action: string; entityId?: string; details: Record<string, unknown>; actorId?: string | null },
  ) {
    const write = () =>
      this.transactions.run((manager) => this.audit.record(manager, { entityType: 'export', ...entry }));
    return ctx ? requestContext.run(ctx, write) : write();
  }

  /** Records the request and answers at once; the job reaches Redis when Redis is there. */
  async request(user: User, dto: CreateExportDto): Promise<ExportQueuedDto> {
    const filters = cleanFilters(dto.filters);
    const scope = exportScope(user, filters, dto.pseudonymise);
    const record = await this.transactions.run(async (manager) => {
      const repo = manager.getRepository(ExportJobRecord);
      const saved = await repo.save(
        repo.create({
          status: ExportStatus.Queued,
          format: dto.format,
          filters,
          pseudonymised: scope.pseudonymise,
          consentingMembersOnly: scope.consentingMembersOnly,
          bom: dto.bom ?? false,
          requestedBy: user.id,
          progress: 0,
          rowCount: null,
          bytes: null,
          sha256: null,
          fileName: null,
          error: null,
          startedAt: null,
          completedAt: null,
          fileDeletedAt: null,
        }),
      );
      await this.audit.record(manager, {
        action: 'export.requested',
        entityType: 'export',
        entityId: saved.id,
        details: { format: dto.format, filters, pseudonymised: scope.pseudonymise },
      });
      return saved;
    });
    this.queue.enqueueSoon(record.id);
    return { id: record.id, status: record.status };
  }

  async list(user: User): Promise<ExportListDto> {
    const repo = this.reads.source.getRepository(ExportJobRecord);
    const items = await repo.find({
      where: user.role === Role.Admin ? {} : { requestedBy: user.id },
      order: { createdAt: 'DESC' },
      take: 200,
    });
    return { items: items.map(toManifest) };
  }

  /** Admins see every export; everybody else only their own (others' are "not found"). */
  private async findVisible(user: User, id: string): Promise<ExportJobRecord> {
    const record = await this.reads.source.getRepository(ExportJobRecord).findOneBy({ id });
    if (!record) throw notFound('Export');
    if (user.role !== Role.Admin && record.requestedBy !== user.id) throw hiddenFromCaller('Export', id);
    return record;
  }

  async manifest(user: User, id: string): Promise<ExportManifestDto> {
    return toManifest(await this.findVisible(user, id));
  }

  /** A finished export whose file is still kept, or the 409/410 that says why not. */
  private async findDownloadable(user: User, id: string): Promise<ExportJobRecord> {
    const record = await this.findVisible(user, id);
    if (record.status !== ExportStatus.Done) {
      throw new DomainError('CONFLICT', `Export is ${record.status}, not done`, { status: record.status });
    }
    const path = record.fileName ? join(this.exportDir, record.fileName) : null;
    if (record.fileDeletedAt || !path || !existsSync(path)) {
      throw new DomainError(
        'GONE',
        'The export file was removed after the retention period; the manifest remains',
      );
    }
    return record;
  }

  async download(user: User, id: string, res: Response): Promise<void> {
    const record = await this.findDownloadable(user, id);
    const path = join(this.exportDir, record.fileName!);
    await this.recordExport(requestContext.get(), {
      action: 'export.downloaded',
      entityId: record.id,
      details: {
        format: record.format,
        filters: record.filters,
        pseudonymised: record.pseudonymised,
        rowCount: record.rowCount,
      },
    });
    res.status(200);
    res.setHeader('Content-Type', FORMAT_FILES[record.format as ExportFormat].contentType);
    res.setHeader('Content-Length', String(record.bytes));
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${exportFilename(record.format, record.completedAt ?? record.createdAt)}"`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Digest', `sha-256=${Buffer.from(record.sha256!, 'hex').toString('base64')}`);
    await this.send(path, record.id, res);
  }

  /**
   * The proofs sidecar of a CSV export (docs/verifiable-record.md): the same access rules as the
   * export's own download. JSON and NDJSON exports carry their proofs inline and have none.
   */
  async proofs(user: User, id: string, res: Response): Promise<void> {
    const record = await this.findDownloadable(user, id);
    const path = join(this.exportDir, proofsFileName(record.id));
    if (!existsSync(path)) {
      throw new DomainError(
        'NOT_FOUND',
        record.format === 'csv'
          ? 'This export was made without a proofs file'
          : 'Only CSV exports have a proofs file; JSON and NDJSON exports carry their proofs inline',
      );
    }
    await this.recordExport(requestContext.get(), {
      action: 'export.proofs_downloaded',
      entityId: record.id,
      details: { format: record.format, pseudonymised: record.pseudonymised, rowCount: record.rowCount },
    });
    const name = exportFilename(record.format, record.completedAt ?? record.createdAt).replace(
      /\.csv$/,
      '.proofs.ndjson',
    );
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    await this.send(path, record.id, res);
  }

  private async send(path: string, exportId: string, res: Response): Promise<void> {
    try {
      await pipeline(createReadStream(path), res);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        this.logger.error({ err: (e as Error).message, exportId }, 'export download failed');
      }
    }
  }
}
