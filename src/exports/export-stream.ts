import { Transform, TransformCallback } from 'node:stream';
import { stringify } from 'csv-stringify';
import {
  CSV_COLUMNS,
  csvRecord,
  ExportEvent,
  ExportFormat,
  ExportManifestHead,
  jsonEvent,
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

/** Flattens batches into csv-stringify records. */
class CsvRecords extends Transform {
  constructor(private readonly counter: RowCounter) {
    super({ objectMode: true, writableHighWaterMark: 1, readableHighWaterMark: 1000 });
  }

  override _transform(batch: ExportEvent[], _enc: BufferEncoding, done: TransformCallback): void {
    for (const e of batch) this.push(csvRecord(e));
    this.counter.rows += batch.length;
    done();
  }
}

/**
 * csv-stringify emits one small string per record; written one by one, each would become its own
 * chunk of the HTTP response (a chunk header per row). This joins them into ~64 KiB writes.
 */
export class Coalesce extends Transform {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly threshold = 64 * 1024) {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  override _transform(chunk: string | Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.parts.push(text);
    this.size += text.length;
    if (this.size < this.threshold) return done();
    const out = this.parts.join('');
    this.parts = [];
    this.size = 0;
    done(null, out);
  }

  override _flush(done: TransformCallback): void {
    done(null, this.parts.length ? this.parts.join('') : undefined);
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
      return [
        new CsvRecords(counter),
        // RFC 4180: CRLF records, quotes doubled, quoted when a field holds a comma, quote or newline.
        stringify({
          header: true,
          columns: [...CSV_COLUMNS],
          bom: options.bom ?? false,
          record_delimiter: 'windows',
        }),
        new Coalesce(),
      ];
    case 'json':
      return [
        new FramedWriter(counter, `{"manifest":${JSON.stringify(head)},"events":[`, ',\n', ']}\n', (e) =>
          JSON.stringify(jsonEvent(e)),
        ),
      ];
    case 'ndjson':
      return [new FramedWriter(counter, '', '', '', (e) => `${JSON.stringify(jsonEvent(e))}\n`)];
    case 'timelinejs':
      return [
        new FramedWriter(
          counter,
          `{"title":${JSON.stringify(timelineJsTitle(head))},"events":[`,
          ',\n',
          ']}\n',
          (e) => JSON.stringify(timelineJsEvent(e)),
        ),
      ];
    default:
      return assertNever(format);
  }
}
