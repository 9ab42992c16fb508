import { ConfigService } from '@nestjs/config';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { DatePrecision } from '../timeline/timeline-event.entity';
import { ExportEvent, ExportFormat, ExportManifestHead, isoTimestamp } from './export-format';
import { ExportReader, openExportReader } from './export-reader';
import {
  Cursor,
  Dialect,
  exportedCasesQuery,
  ExportScope,
  SqlBuilder,
  timelinePageQuery,
} from './export-query';
import { formatStreams, FormatOptions, RowCounter } from './export-stream';
import { memberPseudonym, MemberNameIndex, memberRedactor, NameReplacement, Redactor } from './pseudonymise';

// Pages stay small so that the rows in flight (a page being read, one being formatted, one being
// written) are a few MiB, well under the young generation: they should die there, not be promoted
// into the old generation, which V8 lets grow far before it collects it.
const PAGE_SIZE = 250;
/** A small first page answers fast (time to first byte); later pages are larger for throughput. */
const FIRST_PAGE_SIZE = 200;
const MEMBER_PAGE_SIZE = 5000;
/** Members whose redactor is kept compiled; an export walks cases in date order, so they recur. */
const REDACTOR_CACHE_SIZE = 20_000;

/** An event with its case and member columns (timelinePageQuery). */
interface PageRow {
  id: string;
  type: string;
  occurred_at: string | Date;
  precision: DatePrecision;
  title: string;
  description: string | null;
  source: string | null;
  evidence_ids: string;
  recorded_at: string | Date;
  recorded_by: string;
  supersedes: string | null;
  superseded_by: string | null;
  reference: string;
  action_type: string;
  status: string;
  member_id: string;
  full_name: string;
  region: string | null;
  constituency_party: string | null;
  /** Only when pseudonymising. */
  email?: string | null;
  phone?: string | null;
  membership_number?: string | null;
}

export interface ExportRun {
  rows: number;
}

export interface ExportRunOptions extends FormatOptions {
  /** Called after each page with the rows read so far (e.g. to store progress). */
  onPage?: (rows: number) => Promise<void> | void;
  /** Awaited after the last row and before the document's end reaches the sink (e.g. the audit entry). */
  beforeEnd?: (rows: number) => Promise<void>;
  /**
   * Given each page with, per event, the free-text fields pseudonymisation rewrote; answers the
   * page to write (e.g. with proofs attached).
   */
  prove?: (batch: ExportEvent[], redacted: ReadonlySet<string>[]) => Promise<ExportEvent[]>;
}

const NOTHING_REDACTED: ReadonlySet<string> = new Set();

/** Holds the end of the stream back until `hook` has run. */
function endGate(counter: RowCounter, hook: (rows: number) => Promise<void>): Transform {
  return new Transform({
    transform: (chunk, _enc, done) => done(null, chunk),
    flush: (done) => hook(counter.rows).then(() => done(), done),
  });
}

/**
 * Reads the timeline in keyset pages and writes it through a format's streams into any sink (an
 * HTTP response, a file), with back-pressure: the next page is read only when the sink has taken
 * the previous one. On SQLite the pages come through the export's own read-only connection
 * (export-reader.ts), so an export never waits in, or holds up, the queue every other request's
 * unit of work goes through, and never reads another request's uncommitted writes.
 */
@Injectable()
export class TimelineExporter implements OnModuleInit {
  private readonly logger = new Logger(TimelineExporter.name);
  private readonly dialect: Dialect;
  private evidenceTable = false;

  constructor(
    private readonly reads: ReadDatabase,
    private readonly transactions: TransactionService,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {
    this.dialect = reads.source.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** Evidence hashes come from the evidence feature's table, when this installation has it. */
  async onModuleInit(): Promise<void> {
    const qr = this.reads.source.createQueryRunner();
    try {
      this.evidenceTable = await qr.hasTable('evidence');
    } finally {
      await qr.release();
    }
    if (!this.evidenceTable) this.logger.log('no evidence table: exports leave evidence_sha256 empty');
  }

  private get secret(): string {
    return this.config.get('pseudonymSecret', { infer: true });
  }

  async run(
    scope: ExportScope,
    format: ExportFormat,
    head: ExportManifestHead,
    /** The destination: a writable, or a chain of streams ending in one (e.g. a hasher and a file). */
    sink: Writable | Writable[],
    options: ExportRunOptions = {},
  ): Promise<ExportRun> {
    const counter: RowCounter = { rows: 0 };
    const source = Readable.from(
      this.batches({ ...scope, excludeSuperseded: format === 'timelinejs' }, options),
      {
        objectMode: true,
        highWaterMark: 1,
      },
    );
    const gate = options.beforeEnd ? [endGate(counter, options.beforeEnd)] : [];
    await pipeline([source, ...formatStreams(format, head, counter, options), ...gate, ...[sink].flat()]);
    return { rows: counter.rows };
  }

  /** Pages of export events, already pseudonymised when the scope says so. */
  async *batches(scope: ExportScope, options: ExportRunOptions = {}): AsyncGenerator<ExportEvent[]> {
    const reader = await openExportReader(this.reads.source, this.transactions);
    try {
      yield* this.pages(reader, scope, options);
    } finally {
      await reader.close();
    }
  }

  private async *pages(
    reader: ExportReader,
    scope: ExportScope,
    options: ExportRunOptions,
  ): AsyncGenerator<ExportEvent[]> {
    const secret = this.secret;
    const redactors = new Map<string, { pseudonym: string; redact: Redactor }>();
    const users = await this.recorders(reader);
    const recorders = [...users.values()];
    // Names a member is also known by (typed at intake, kept from a merge): redacted like the full name.
    const aliases = scope.pseudonymise ? await this.nameAliases(reader) : new Map<string, string[]>();
    const others = scope.pseudonymise ? await this.memberNames(reader, secret, aliases) : null;
    const memberView = (row: PageRow) => {
      let entry = redactors.get(row.member_id);
      if (!entry) {
        if (redactors.size >= REDACTOR_CACHE_SIZE) redactors.delete(redactors.keys().next().value!);
        const pseudonym = memberPseudonym(secret, row.member_id);
        entry = {
          pseudonym,
          // The case's own member by every form of their name, any other member by full name.
          redact: memberRedactor(
            {
              id: row.member_id,
              fullName: row.full_name,
              email: row.email ?? null,
              phone: row.phone ?? null,
              membershipNumber: row.membership_number ?? null,
              aliases: aliases.get(row.member_id) ?? null,
            },
            pseudonym,
            recorders,
            others ?? undefined,
          ),
        };
        redactors.set(row.member_id, entry);
      }
      return entry;
    };
    const toEvent = (
      row: PageRow,
      hashes: Map<string, string>,
      redacted?: ReadonlySet<string>[],
    ): ExportEvent => {
      const evidenceIds: string[] =
        row.evidence_ids && row.evidence_ids !== '[]' ? JSON.parse(row.evidence_ids) : [];
      const recorder = users.get(row.recorded_by);
      let member = row.full_name;
      let { title, description, source } = row;
      let recordedBy = recorder?.fullName ?? row.recorded_by;
      if (scope.pseudonymise) {
        const { pseudonym, redact } = memberView(row);
        member = pseudonym;
        title = redact(title);
        if (description !== null) description = redact(description);
        if (source !== null) source = redact(source);
        recordedBy = recorder?.role ?? 'unknown';
        if (redacted) {
          const changed = new Set<string>();
          if (title !== row.title) changed.add('title');
          if (description !== row.description) changed.add('description');
          if (source !== row.source) changed.add('source');
          redacted.push(changed);
        }
      } else {
        redacted?.push(NOTHING_REDACTED);
      }
      return {
        caseReference: row.reference,
        member,
        region: row.region,
        constituencyParty: row.constituency_party,
        actionType: row.action_type,
        caseStatus: row.status,
        id: row.id,
        type: row.type,
        occurredAt: isoTimestamp(row.occurred_at),
        precision: row.precision,
        title,
        description,
        source,
        evidenceIds,
        evidenceSha256: evidenceIds.length
          ? evidenceIds.map((id) => hashes.get(id)).filter((h): h is string => Boolean(h))
          : [],
        recordedAt: isoTimestamp(row.recorded_at),
        recordedBy,
        supersedes: row.supersedes,
        supersededBy: row.superseded_by,
      };
    };

    const cases = exportedCasesQuery(this.dialect, scope);
    const caseSet = cases ? await reader.caseSet(cases.sql, cases.params) : null;
    const read = (cursor: Cursor | null) => {
      const limit = cursor ? PAGE_SIZE : FIRST_PAGE_SIZE;
      const { sql, params } = timelinePageQuery(this.dialect, scope, cursor, limit, caseSet ?? undefined);
      return { limit, rows: reader.all<PageRow>(sql, params) };
    };
    // The next page is read (in SQLite's or the pool's thread) while this one is redacted and
    // formatted: one page ahead, no more, so back-pressure still holds.
    let page = read(null);
    let total = 0;
    try {
      for (;;) {
        const rows = await page.rows;
        const more = rows.length === page.limit;
        if (more) {
          const last = rows[rows.length - 1];
          page = read({ occurredAt: last.occurred_at, id: last.id });
        }
        if (rows.length === 0) break;
        const hashes = await this.evidenceHashes(reader, rows);
        let batch = new Array<ExportEvent>(rows.length);
        const redacted = options.prove ? new Array<ReadonlySet<string>>() : undefined;
        for (let i = 0; i < rows.length; i++) batch[i] = toEvent(rows[i], hashes, redacted);
        if (options.prove) batch = await options.prove(batch, redacted!);
        total += rows.length;
        yield batch;
        await options.onPage?.(total);
        if (!more) break;
      }
    } finally {
      // A page still being read when the export stops (the client went away) finishes before the
      // connection closes.
      await page.rows.catch(() => undefined);
    }
  }

  /** Users are few: all of them, for recorded_by and for their names in free text. */
  private async recorders(reader: ExportReader): Promise<Map<string, { fullName: string; role: string }>> {
    const rows = await reader.all<{ id: string; full_name: string; role: string }>(
      'SELECT id, full_name, role FROM users',
      [],
    );
    return new Map(rows.map((r) => [r.id, { fullName: r.full_name, role: r.role }]));
  }

  /** The other names of members, by member id. */
  private async nameAliases(reader: ExportReader): Promise<Map<string, string[]>> {
    const byMember = new Map<string, string[]>();
    const rows = await reader.all<{ member_id: string; value: string }>(
      "SELECT member_id, value FROM member_aliases WHERE kind = 'name'",
      [],
    );
    for (const { member_id, value } of rows)
      byMember.set(member_id, [...(byMember.get(member_id) ?? []), value]);
    return byMember;
  }

  /** Every member's full name and other names with their pseudonym (one row per member, read in pages). */
  private async memberNames(
    reader: ExportReader,
    secret: string,
    aliases: Map<string, string[]>,
  ): Promise<MemberNameIndex> {
    const names: NameReplacement[] = [];
    let after = '';
    for (;;) {
      const b = new SqlBuilder(this.dialect);
      if (after) b.where(`id > ${b.param(after)}`);
      const { sql, params } = b.finish(
        `SELECT id, full_name FROM members ${b.whereClause()} ORDER BY id LIMIT ${MEMBER_PAGE_SIZE}`,
      );
      const rows = await reader.all<{ id: string; full_name: string }>(sql, params);
      for (const { id, full_name } of rows) {
        // Pseudonyms of other members are computed when their name is actually found.
        let pseudonym: string | undefined;
        const replacement = () => (pseudonym ??= memberPseudonym(secret, id));
        for (const name of [full_name, ...(aliases.get(id) ?? [])])
          names.push({ fullName: name, replacement });
      }
      if (rows.length < MEMBER_PAGE_SIZE) break;
      after = rows[rows.length - 1].id;
    }
    return new MemberNameIndex(names);
  }

  private async evidenceHashes(reader: ExportReader, rows: PageRow[]): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    if (!this.evidenceTable) return hashes;
    const ids = new Set<string>();
    for (const row of rows) {
      if (row.evidence_ids && row.evidence_ids !== '[]') {
        for (const id of JSON.parse(row.evidence_ids) as string[]) ids.add(id);
      }
    }
    if (ids.size === 0) return hashes;
    const all = [...ids];
    for (let i = 0; i < all.length; i += 500) {
      const b = new SqlBuilder(this.dialect);
      b.where(`id IN (${b.list(all.slice(i, i + 500))})`).where('deleted_at IS NULL');
      const { sql, params } = b.finish(`SELECT id, sha256 FROM evidence ${b.whereClause()}`);
      for (const r of await reader.all<{ id: string; sha256: string }>(sql, params))
        hashes.set(r.id, r.sha256);
    }
    return hashes;
  }
}
