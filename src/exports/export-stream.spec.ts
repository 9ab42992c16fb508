import { stringify } from 'csv-stringify';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatePrecision } from '../timeline/timeline-event.entity';
import { CSV_COLUMNS, csvRecord, ExportEvent } from './export-format';
import { formatStreams, RowCounter } from './export-stream';

const HEAD = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  format: 'csv' as const,
  filters: {},
  pseudonymised: true,
};

function event(n: number): ExportEvent {
  return {
    caseReference: `CL-2019-${String(n).padStart(4, '0')}`,
    member: 'M-0123456789',
    region: n % 2 ? null : 'North',
    constituencyParty: 'Northtown CLP',
    actionType: 'suspension',
    caseStatus: 'intake',
    id: `e${n}`,
    type: 'note',
    occurredAt: '2019-03-04T15:42:09.123Z',
    precision: DatePrecision.Day,
    title: `Letter ${n}, "quoted"`,
    description: 'line one\r\nline two, with commas',
    source: null,
    evidenceIds: [],
    evidenceSha256: [],
    recordedAt: '2019-03-05T10:00:00.000Z',
    recordedBy: 'caseworker',
    supersedes: null,
    supersededBy: null,
  };
}

async function csvOf(batches: ExportEvent[][], bom = false): Promise<{ text: string; rows: number }> {
  const counter: RowCounter = { rows: 0 };
  let text = '';
  await pipeline([
    Readable.from(batches, { objectMode: true }),
    ...formatStreams('csv', HEAD, counter, { bom }),
    new Writable({ write: (chunk, _enc, done) => ((text += chunk.toString()), done()) }),
  ]);
  return { text, rows: counter.rows };
}

/** What csv-stringify's stream writes for the same records, record by record. */
async function streamed(events: ExportEvent[], bom = false): Promise<string> {
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS], bom, record_delimiter: 'windows' });
  let text = '';
  csv.on('data', (chunk: Buffer | string) => (text += chunk.toString()));
  const done = new Promise((resolve) => csv.on('end', resolve));
  for (const e of events) csv.write(csvRecord(e));
  csv.end();
  await done;
  return text;
}

describe('formatStreams csv', () => {
  it("writes what csv-stringify's stream writes, one header, over several batches", async () => {
    const events = Array.from({ length: 7 }, (_, i) => event(i));
    const out = await csvOf([events.slice(0, 3), [], events.slice(3)]);
    expect(out.text).toBe(await streamed(events));
    expect(out.rows).toBe(7);
    expect(out.text.split('case_reference').length).toBe(2);
  });

  it('puts the BOM once, at the start', async () => {
    const events = [event(1), event(2)];
    const out = await csvOf([[events[0]], [events[1]]], true);
    expect(out.text).toBe(await streamed(events, true));
    expect(out.text.startsWith('\ufeffcase_reference,')).toBe(true);
    expect(out.text.indexOf('\ufeff', 1)).toBe(-1);
  });

  it('writes the header alone (with its BOM) for an empty export', async () => {
    expect((await csvOf([])).text).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect((await csvOf([[]], true)).text).toBe(`\ufeff${CSV_COLUMNS.join(',')}\r\n`);
  });
});
