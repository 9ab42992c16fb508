import { DatePrecision } from '../timeline/timeline-event.entity';
import {
  CSV_COLUMNS,
  csvRecord,
  escapeHtml,
  ExportEvent,
  exportFilename,
  isExportFormat,
  isoTimestamp,
  timelineJsDate,
  timelineJsEvent,
} from './export-format';

const AT = new Date('2019-03-04T15:42:09.123Z');

describe('timelineJsDate', () => {
  it.each([
    [DatePrecision.Exact, { year: 2019, month: 3, day: 4, hour: 15, minute: 42 }],
    [DatePrecision.Day, { year: 2019, month: 3, day: 4 }],
    [DatePrecision.Month, { year: 2019, month: 3 }],
    [DatePrecision.Year, { year: 2019 }],
  ])('maps %s precision to %j', (precision, expected) => {
    expect(timelineJsDate(AT, precision)).toEqual(expected);
  });

  it('has no day for month precision and no month for year precision', () => {
    expect(timelineJsDate(AT, DatePrecision.Month)).not.toHaveProperty('day');
    expect(timelineJsDate(AT, DatePrecision.Year)).not.toHaveProperty('month');
  });

  it('uses numbers, with month 1–12, read in UTC', () => {
    const jan = timelineJsDate(new Date('2020-01-01T00:00:00Z'), DatePrecision.Exact);
    const dec = timelineJsDate(new Date('2020-12-31T23:59:00Z'), DatePrecision.Exact);
    expect(jan).toEqual({ year: 2020, month: 1, day: 1, hour: 0, minute: 0 });
    expect(dec).toEqual({ year: 2020, month: 12, day: 31, hour: 23, minute: 59 });
    expect(typeof jan.year).toBe('number');
  });

  it('rejects an unknown precision', () => {
    expect(() => timelineJsDate(AT, 'week' as DatePrecision)).toThrow();
  });
});

const EVENT: ExportEvent = {
  caseReference: 'CL-2019-0001',
  member: 'M-0123456789',
  region: null,
  constituencyParty: 'Northtown CLP',
  actionType: 'suspension',
  caseStatus: 'intake',
  id: 'e1',
  type: 'note',
  occurredAt: AT.toISOString(),
  precision: DatePrecision.Day,
  title: 'Letter <b>"quoted"</b> & more',
  description: "line one\nline two, with 'quotes'",
  source: null,
  evidenceIds: ['a', 'b'],
  evidenceSha256: ['aa', 'bb'],
  recordedAt: AT.toISOString(),
  recordedBy: 'caseworker',
  supersedes: null,
  supersededBy: null,
};

describe('csvRecord', () => {
  it('gives one field per column, in column order, hashes joined by ;', () => {
    const record = csvRecord(EVENT);
    expect(record).toHaveLength(CSV_COLUMNS.length);
    expect(record[CSV_COLUMNS.indexOf('evidence_sha256')]).toBe('aa;bb');
    expect(record[CSV_COLUMNS.indexOf('region')]).toBe('');
    expect(record[CSV_COLUMNS.indexOf('occurred_at')]).toBe('2019-03-04T15:42:09.123Z');
  });
});

describe('timelineJsEvent', () => {
  it('escapes HTML in headline and text, groups by case and uses the event id', () => {
    const e = timelineJsEvent(EVENT);
    expect(e.text.headline).toBe('Letter &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; &amp; more');
    expect(e.text.text).toBe('<p>line one<br>line two, with &#39;quotes&#39;</p>');
    expect(e.group).toBe('CL-2019-0001');
    expect(e.unique_id).toBe('e1');
    expect(e.start_date).toEqual({ year: 2019, month: 3, day: 4 });
  });
});

describe('helpers', () => {
  it('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('names files caseline-timeline-<date>.<ext>', () => {
    expect(exportFilename('csv', AT)).toBe('caseline-timeline-2019-03-04.csv');
    expect(exportFilename('ndjson', AT)).toBe('caseline-timeline-2019-03-04.ndjson');
  });

  it('knows the four formats only', () => {
    expect(['csv', 'json', 'ndjson', 'timelinejs'].every(isExportFormat)).toBe(true);
    expect(isExportFormat('xml')).toBe(false);
    expect(isExportFormat(undefined)).toBe(false);
  });
});

describe(isoTimestamp.name, () => {
  it('rewrites SQLite UTC text as Date#toISOString would', () => {
    expect(isoTimestamp('2019-03-04 15:42:09.123')).toBe('2019-03-04T15:42:09.123Z');
    expect(isoTimestamp('2019-03-04 15:42:09.123')).toBe(new Date('2019-03-04T15:42:09.123Z').toISOString());
  });

  it('reads other timestamp text (no milliseconds, a T separator) through Date', () => {
    expect(isoTimestamp('2019-03-04 15:42:09')).toBe('2019-03-04T15:42:09.000Z');
    expect(isoTimestamp('2019-03-04T15:42:09.5')).toBe('2019-03-04T15:42:09.500Z');
  });

  it('formats a Date (PostgreSQL) as ISO 8601', () => {
    expect(isoTimestamp(AT)).toBe('2019-03-04T15:42:09.123Z');
  });

  it('throws on text that is no timestamp, as Date would', () => {
    expect(() => isoTimestamp('not a date')).toThrow(RangeError);
  });
});
