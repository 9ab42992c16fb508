import {
  BadRequestException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { checkInput } from '../http/validation';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import type { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { insertRowsReturning } from '../database/row-insert';
import { TransactionService } from '../database/transaction.service';
import { DomainError, notFound } from '../http/domain-error';
import { requestContext } from '../http/request-context';
import { custodyLeaf } from '../log/log-records';
import { LogWriter } from '../log/log-writer';
import { DatePrecision, TimelineEventType } from '../timeline/timeline-event.entity';
import { TimelineWriter } from '../timeline/timeline-writer';
import type { User } from '../users/user.entity';
import { ByteRange, parseRange } from './byte-range';
import { UploadEvidenceDto } from './dto/upload-evidence.dto';
import {
  CustodyEntryDto,
  EvidenceResponseDto,
  toCustodyView,
  toEvidenceView,
  VerificationResultDto,
} from './dto/evidence-response.dto';
import { CustodyAction, Evidence, EvidenceCustody } from './evidence.entity';
import { TextScanner } from './evidence-type';
import { verifyStoredContent } from './evidence-verification';
import { contentDisposition, sanitiseFilename } from './filename';
import { receiveUpload } from './multipart';
import { sniffEvidenceType } from './sniff';
import {
  ContentMissingError,
  EVIDENCE_STORAGE,
  EvidenceStorage,
  PendingContent,
} from './storage/evidence-storage';
import { isUniqueViolation } from '../database/unique-violation';

/** What the content route sends: status, headers and (unless the range is unsatisfiable) the bytes. */
export interface EvidenceDownload {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  stream?: Readable;
  body?: Record<string, unknown>;
}

const TEXT_MIME = /^(text\/|message\/rfc822)/;
const RANGE_MIME = /^(audio|video)\//;

/** Runs work for the same key one after another (content hashes: upload vs. delete of one file). */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

function emptyToUndefined(fields: Record<string, string>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim() === '' ? undefined : v]));
}

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);
  private readonly maxBytes: number;
  private readonly evidence: Repository<Evidence>;
  private readonly custodyLog: Repository<EvidenceCustody>;
  private readonly cases: Repository<Case>;
  /** Publishing and removing the same content never interleave in this process. */
  private readonly contentQueue = new KeyedQueue();

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly timeline: TimelineWriter,
    private readonly log: LogWriter,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    reads: ReadDatabase,
    @Inject(ConfigService) config: TypedConfigService,
  ) {
    this.evidence = reads.source.getRepository(Evidence);
    this.custodyLog = reads.source.getRepository(EvidenceCustody);
    this.cases = reads.source.getRepository(Case);
    this.maxBytes = config.get('maxEvidenceBytes', { infer: true });
  }

  /**
   * Streams the upload to storage, then (only when it is whole and accepted) publishes it and
   * writes the row, timeline event, custody entry and audit entry in one transaction.
   */
  async upload(caseId: string, req: IncomingMessage, user: User): Promise<EvidenceResponseDto> {
    await this.requireCase(caseId);
    const text = new TextScanner();
    const upload = await receiveUpload(req, {
      storage: this.storage,
      maxBytes: this.maxBytes,
      fileField: 'file',
      observe: (chunk) => text.push(chunk),
    });
    const { content } = upload;
    try {
      const dto = await this.validateFields(upload.fields);
      const decision = await sniffEvidenceType(content, text);
      if (!decision.allowed) {
        throw new DomainError(
          'UNSUPPORTED_TYPE',
          `file is of a type that is not accepted (${decision.detected})`,
          {
            detectedType: decision.detected,
          },
        );
      }
      await this.refuseDuplicate(this.evidence.manager, caseId, content.sha256);
      await content.sync();
      return await this.contentQueue.run(content.sha256, () =>
        this.record(caseId, user, sanitiseFilename(upload.filename), dto, content, decision.mimeType),
      );
    } finally {
      await content.discard();
    }
  }

  private async record(
    caseId: string,
    user: User,
    filename: string,
    dto: UploadEvidenceDto,
    content: PendingContent,
    mimeType: string,
  ): Promise<EvidenceResponseDto> {
    let created = false;
    try {
      return await this.tx.run(async (m) => {
        await this.refuseDuplicate(m, caseId, content.sha256);
        const repo = m.getRepository(Evidence);
        const row = await repo.save(
          repo.create({
            caseId,
            filename,
            mimeType,
            size: content.size,
            sha256: content.sha256,
            description: dto.description ?? null,
            source: dto.source ?? null,
            obtainedAt: dto.obtainedAt ?? null,
            uploadedBy: user.id,
            uploadedAt: new Date(),
            deletedAt: null,
            deletedBy: null,
            deletionReason: null,
          }),
        );
        await this.timeline.append(m, {
          caseId,
          type: TimelineEventType.EvidenceAdded,
          occurredAt: row.uploadedAt,
          precision: DatePrecision.Exact,
          title: `Evidence added: ${filename}`.slice(0, 300),
          description: dto.description ?? null,
          source: dto.source ?? null,
          evidenceIds: [row.id],
          recordedBy: user.id,
        });
        await this.appendCustody(m, row, CustodyAction.Uploaded, user.id, content.sha256);
        await this.audit.record(m, {
          action: 'evidence.upload',
          entityType: 'evidence',
          entityId: row.id,
          details: { caseId, size: row.size, mimeType, sha256: row.sha256 },
        });
        // Last step, so a failure above leaves nothing published.
        created = await content.commit();
        return toEvidenceView(row);
      });
    } catch (err) {
      if (created) await this.removeContentIfUnreferenced(content.sha256);
      if (isUniqueViolation(err)) await this.refuseDuplicate(this.evidence.manager, caseId, content.sha256);
      throw err;
    }
  }

  async listForCase(caseId: string): Promise<EvidenceResponseDto[]> {
    await this.requireCase(caseId);
    const rows = await this.evidence.find({ where: { caseId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    await this.tx.run((m) =>
      this.audit.record(m, {
        action: 'evidence.read',
        entityType: 'case',
        entityId: caseId,
        details: { count: rows.length },
      }),
    );
    return rows.map(toEvidenceView);
  }

  async get(id: string): Promise<EvidenceResponseDto> {
    const row = await this.find(id);
    await this.tx.run((m) =>
      this.audit.record(m, { action: 'evidence.read', entityType: 'evidence', entityId: id }),
    );
    return toEvidenceView(row);
  }

  async custody(id: string): Promise<CustodyEntryDto[]> {
    await this.find(id);
    const entries = await this.custodyLog.find({ where: { evidenceId: id }, order: { id: 'ASC' } });
    await this.tx.run((m) =>
      this.audit.record(m, {
        action: 'evidence.read',
        entityType: 'evidence',
        entityId: id,
        details: { view: 'custody' },
      }),
    );
    return entries.map(toCustodyView);
  }

  async download(
    id: string,
    user: User,
    request: { range?: string; ifRange?: string },
  ): Promise<EvidenceDownload> {
    const row = await this.find(id);
    if (row.deletedAt)
      throw new DomainError('GONE', 'This evidence was deleted', { deletedAt: row.deletedAt });
    const etag = `"${row.sha256}"`;
    const rangeable = RANGE_MIME.test(row.mimeType);
    const headers: Record<string, string> = {
      'Content-Type': TEXT_MIME.test(row.mimeType) ? `${row.mimeType}; charset=utf-8` : row.mimeType,
      'Content-Disposition': contentDisposition(row.filename),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      ETag: etag,
      'Accept-Ranges': rangeable ? 'bytes' : 'none',
    };
    let range: ByteRange | undefined;
    if (rangeable && request.range && (!request.ifRange || request.ifRange === etag)) {
      const wanted = parseRange(request.range, row.size);
      if (wanted.kind === 'unsatisfiable') {
        return {
          status: 416,
          headers: { 'Content-Range': `bytes */${row.size}` },
          body: { statusCode: 416, message: 'Range not satisfiable', error: 'Range Not Satisfiable' },
        };
      }
      if (wanted.kind === 'partial') range = wanted.range;
    }

    let stream: Readable;
    try {
      stream = await this.storage.get(row.sha256, range);
    } catch (err) {
      if (!(err instanceof ContentMissingError)) throw err;
      this.logger.error({ evidenceId: row.id }, 'evidence content is missing from storage');
      throw new InternalServerErrorException('The stored content is missing; run evidence verification');
    }
    const note = range ? `bytes ${range.start}-${range.end}` : null;
    try {
      await this.tx.run(async (m) => {
        await this.appendCustody(m, row, CustodyAction.Downloaded, user.id, row.sha256, note);
        await this.audit.record(m, {
          action: 'evidence.download',
          entityType: 'evidence',
          entityId: row.id,
          details: range ? { caseId: row.caseId, range: note } : { caseId: row.caseId },
        });
      });
    } catch (err) {
      stream.destroy();
      throw err;
    }
    if (range) {
      headers['Content-Range'] = `bytes ${range.start}-${range.end}/${row.size}`;
      headers['Content-Length'] = String(range.end - range.start + 1);
      return { status: 206, headers, stream };
    }
    headers['Content-Length'] = String(row.size);
    return { status: 200, headers, stream };
  }

  async verify(id: string, user: User): Promise<VerificationResultDto> {
    const row = await this.find(id);
    if (row.deletedAt)
      throw new DomainError('GONE', 'This evidence was deleted', { deletedAt: row.deletedAt });
    const outcome = await verifyStoredContent(this.storage, row.sha256);
    const checkedAt = new Date();
    await this.tx.run(async (m) => {
      await this.appendCustody(
        m,
        row,
        outcome.ok ? CustodyAction.Verified : CustodyAction.VerificationFailed,
        user.id,
        outcome.sha256,
        outcome.ok ? null : outcome.reason,
      );
      await this.audit.record(m, {
        action: 'evidence.verify',
        entityType: 'evidence',
        entityId: row.id,
        details: outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason },
      });
    });
    if (!outcome.ok) {
      this.logger.error(
        {
          evidenceId: row.id,
          caseId: row.caseId,
          reason: outcome.reason,
          expectedSha256: row.sha256,
          actualSha256: outcome.sha256,
        },
        'evidence verification failed',
      );
    }
    return {
      ok: outcome.ok,
      sha256: outcome.sha256,
      expectedSha256: row.sha256,
      checkedAt,
      ...(outcome.ok ? {} : { reason: outcome.reason }),
    };
  }

  /** Leaves a tombstone and the custody history; removes the content unless another row uses it. */
  async remove(id: string, reason: string, user: User): Promise<EvidenceResponseDto> {
    const row = await this.find(id);
    return this.contentQueue.run(row.sha256, async () => {
      const { view, removeContent } = await this.tx.run(async (m) => {
        const repo = m.getRepository(Evidence);
        const current = await repo.findOneByOrFail({ id });
        if (current.deletedAt) {
          throw new DomainError('GONE', 'This evidence was already deleted', {
            deletedAt: current.deletedAt,
          });
        }
        Object.assign(current, { deletedAt: new Date(), deletedBy: user.id, deletionReason: reason });
        await repo.update(
          { id },
          { deletedAt: current.deletedAt, deletedBy: user.id, deletionReason: reason },
        );
        const stillUsed = await repo.countBy({ sha256: current.sha256, deletedAt: IsNull() });
        await this.appendCustody(m, current, CustodyAction.Deleted, user.id, current.sha256);
        await this.audit.record(m, {
          action: 'evidence.delete',
          entityType: 'evidence',
          entityId: id,
          details: { caseId: current.caseId, contentRemoved: stillUsed === 0 },
        });
        return { view: toEvidenceView(current), removeContent: stillUsed === 0 };
      });
      if (removeContent) await this.storage.delete(row.sha256);
      return view;
    });
  }

  private async find(id: string): Promise<Evidence> {
    const row = await this.evidence.findOneBy({ id });
    if (!row) throw notFound('Evidence');
    return row;
  }

  private async requireCase(caseId: string): Promise<void> {
    if (!(await this.cases.existsBy({ id: caseId }))) throw notFound('Case');
  }

  private async validateFields(fields: Record<string, string>): Promise<UploadEvidenceDto> {
    const { dto, problems } = await checkInput(UploadEvidenceDto, emptyToUndefined(fields));
    if (problems.length) throw new BadRequestException(problems);
    return dto;
  }

  private async refuseDuplicate(m: EntityManager, caseId: string, sha256: string): Promise<void> {
    const existing = await m
      .getRepository(Evidence)
      .findOne({ where: { caseId, sha256, deletedAt: IsNull() }, select: { id: true } });
    if (existing) {
      throw new DomainError('DUPLICATE', 'This file is already attached to the case', {
        existingId: existing.id,
      });
    }
  }

  private async removeContentIfUnreferenced(sha256: string): Promise<void> {
    const used = await this.evidence.countBy({ sha256, deletedAt: IsNull() });
    if (used === 0) await this.storage.delete(sha256);
  }

  private async appendCustody(
    m: EntityManager,
    row: Evidence,
    action: CustodyAction,
    actorId: string | null,
    sha256: string | null,
    note: string | null = null,
  ): Promise<void> {
    const entry = m.getRepository(EvidenceCustody).create({
      evidenceId: row.id,
      action,
      actorId,
      at: new Date(),
      requestId: requestContext.get()?.requestId ?? null,
      sha256,
      note,
    });
    const [id] = await insertRowsReturning(m, EvidenceCustody, [entry], 'id');
    entry.id = Number(id);
    await this.log.record(m, [custodyLeaf(entry)]);
  }
}
