import { Transform, TransformCallback } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import {
  CSV_COLUMNS,
  csvRecord,
  ExportEvent,
  ExportFormat,
  ExportManifestHead,
  timelineJsEvent,
  timelineJsTitle,
  assertNever,
} from './export-format';

/**
 * Streams that turn batches of ExportEvent into a document. They keep nothing but a row count,
 * so memory stays flat however large the export. Pure Node: no Nest, no database.
 */
export interface RowCounter {
  rows: number;
}

/** Objects in (ExportEvent[] batches), text out; the framing is written before/after the rows. */
class FramedWriter extends Transform {
  private first = true;

  constructor(
    private readonly counter: RowCounter,
    private readonly open: string,
    private readonly separator: string,
    private readonly close: string,
    private readonly encode: (e: ExportEvent) => string,
  ) {
    super({ writableObjectMode: true, writableHighWaterMark: 1 });
    if (open) this.push(open);
  }

  override _transform(batch: ExportEvent[], _enc: BufferEncoding, done: TransformCallback): void {
    let out = '';
    for (const e of batch) {
      out += (this.first ? '' : this.separator) + this.encode(e);
      this.first = false;
    }
    this.counter.rows += batch.length;
    done(null, out || undefined);
  }

  override _flush(done: TransformCallback): void {
    done(null, this.close || undefined);
  }
}

// RFC 4180: CRLF records, quotes doubled, quoted when a field holds a comma, quote or newline.
const CSV_OPTIONS = { columns: [...CSV_COLUMNS], record_delimiter: 'windows' } as const;

/**
 * Batches in, one CSV text per batch out. csv-stringify's synchronous API formats a whole batch
 * in one call (the same stringifier as its stream, without a stream write and a chunk per record);
 * the header (and BOM) go with the first batch, or alone at the end of an empty export.
 */
export class CsvWriter extends Transform {
  private first = true;

  constructor(
    private readonly counter: RowCounter,
    private readonly bom = false,
  ) {
    super({ writableObjectMode: true, writableHighWaterMark: 1 });
  }

  private text(records: string[][]): string {
    const first = this.first;
    this.first = false;
    return stringify(records, { ...CSV_OPTIONS, header: first, bom: first && this.bom });
  }

  override _transform(batch: ExportEvent[], _enc: BufferEncoding, done: TransformCallback): void {
    if (batch.length === 0) return done();
    const records = new Array<string[]>(batch.length);
    for (let i = 0; i < batch.length; i++) records[i] = csvRecord(batch[i]);
    this.counter.rows += batch.length;
    done(null, this.text(records));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.first ? this.text([]) : undefined);
  }
}

export interface FormatOptions {
  /** CSV only: start with a UTF-8 byte order mark, for spreadsheet programs. */
  bom?: boolean;
}

/** The transforms between the batch source and the byte sink, for one format. */
export function formatStreams(
  format: ExportFormat,
  head: ExportManifestHead,
  counter: RowCounter,
  options: FormatOptions = {},
): Transform[] {
  switch (format) {
    case 'csv':
      return [new CsvWriter(counter, options.bom ?? false)];
    case 'json':
      return [
        new FramedWriter(counter, `{"manifest":${JSON.stringify(head)},"events":[`, ',\n', ']}\n', (e) =>
          JSON.stringify(e),
        ),
      ];
    case 'ndjson':
      // A verifiable export opens with its manifest line (the checkpoint); a streamed one has rows only.
      return [
        new FramedWriter(
          counter,
          head.verifiable ? `${JSON.stringify({ manifest: head })}\n` : '',
          '',
          '',
          (e) => `${JSON.stringify(e)}\n`,
        ),
      ];
    case 'timelinejs':
      return [
        new FramedWriter(
          counter,
          // A background export's slides carry their proofs, against the checkpoint put first.
          `{${head.verifiable ? `"verifiable":${JSON.stringify(head.verifiable)},` : ''}"title":${JSON.stringify(timelineJsTitle(head))},"events":[`,
          ',\n',
          ']}\n',
          (e) =>
            JSON.stringify(
              e.proof === undefined ? timelineJsEvent(e) : { ...timelineJsEvent(e), proof: e.proof },
            ),
        ),
      ];
    default:
      return assertNever(format);
  }
}
