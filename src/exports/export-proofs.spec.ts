import { encodeLeaf, newSalts } from '../log/leaf';
import { TIMELINE_LEAF_FIELDS, timelineLeaf } from '../log/log-records';
import type { RecordProof } from '../log/log.service';
import { DatePrecision, TimelineEvent } from '../timeline/timeline-event.entity';
import { ExportEvent } from './export-format';
import { RowProof, rowProof, shownFields, verifiableHead } from './export-proofs';

const logged = {
  id: 'e1',
  caseId: 'c1',
  type: 'note',
  occurredAt: '2026-01-02T10:00:00.000Z',
  precision: 'exact',
  title: 'Met Ann Example',
  description: null,
  source: 'Phone call with Ann Example',
  evidenceIds: ['ev1'],
  recordedAt: '2026-01-02T11:00:00.000Z',
  recordedBy: 'u1',
  supersedes: null,
  appealId: null,
};

const event: ExportEvent = {
  caseReference: 'CL-1',
  member: 'Ann Example',
  region: null,
  constituencyParty: null,
  actionType: 'suspension',
  caseStatus: 'intake',
  id: 'e1',
  type: 'note',
  occurredAt: logged.occurredAt,
  precision: DatePrecision.Exact,
  title: logged.title,
  description: null,
  source: logged.source,
  evidenceIds: ['ev1'],
  evidenceSha256: ['ab'],
  recordedAt: logged.recordedAt,
  recordedBy: 'Carla Caseworker',
  supersedes: null,
  supersededBy: null,
};

const salts = newSalts(logged);
const { digests } = encodeLeaf('timeline', logged, salts);
const record: RecordProof = {
  leafIndex: 7,
  digests,
  salts,
  proof: [Buffer.alloc(32, 1), Buffer.alloc(32, 2)],
};
const path = [Buffer.alloc(32, 2)];

/** The 32 bytes a row's `fields` gives for a field (base64): a salt or a digest. */
function given(p: RowProof, name: string): string {
  const i = TIMELINE_LEAF_FIELDS.indexOf(name as (typeof TIMELINE_LEAF_FIELDS)[number]);
  return Buffer.from(p.fields, 'base64')
    .subarray(i * 32, (i + 1) * 32)
    .toString('base64');
}

describe(rowProof.name, () => {
  it('gives the salt of every field a named JSON row shows, and withholds caseId, recordedBy and appealId', () => {
    const p = rowProof('json', event, new Set(), record, path);
    expect(p.withheld).toEqual(['appealId', 'caseId', 'recordedBy']);
    expect(Buffer.from(p.fields, 'base64')).toHaveLength(32 * TIMELINE_LEAF_FIELDS.length);
    for (const name of TIMELINE_LEAF_FIELDS) {
      expect(given(p, name)).toBe(p.withheld.includes(name) ? digests[name] : salts[name]);
    }
    expect(p).toMatchObject({ leaf: 7, path: [Buffer.alloc(32, 2).toString('base64')] });
  });

  it('withholds evidenceIds from a CSV row, which has no column for them', () => {
    expect(rowProof('csv', event, new Set(), record, path).withheld).toContain('evidenceIds');
    expect(shownFields('csv', event)).not.toHaveProperty('evidenceIds');
  });

  it('shows a TimelineJS slide’s id only: its texts are HTML and its date a TimelineJS date', () => {
    const p = rowProof('timelinejs', event, new Set(), record, path);
    expect(p.withheld).toEqual(TIMELINE_LEAF_FIELDS.filter((n) => n !== 'id'));
    expect(verifiableHead({ note: 'n\n', createdAt: new Date() }, 'timelinejs').properties).toEqual({
      id: 'unique_id',
    });
  });

  it('withholds from a CSV row an empty text, which its cell would show as null', () => {
    const p = rowProof('csv', { ...event, source: '' }, new Set(), record, path);
    expect(p.withheld).toContain('source');
    expect(rowProof('csv', event, new Set(), record, path).withheld).not.toContain('description'); // null
  });

  it('withholds what pseudonymisation rewrote: digest only, never its salt or value', () => {
    const shown = { ...event, title: 'Met M-123', source: 'Phone call with M-123', member: 'M-123' };
    const p = rowProof('ndjson', shown, new Set(['title', 'source']), record, path);
    expect(p.withheld).toEqual(expect.arrayContaining(['title', 'source']));
    expect(given(p, 'title')).toBe(digests.title);
    expect(given(p, 'source')).toBe(digests.source);
    expect(JSON.stringify(p)).not.toContain('Ann Example');
    expect(p.fields).not.toContain(salts.title);
  });

  it('withholds a field whose salt was erased', () => {
    const { title: _erased, ...kept } = salts;
    const p = rowProof('json', event, new Set(), { ...record, salts: kept }, path);
    expect(p.withheld).toContain('title');
    expect(given(p, 'title')).toBe(digests.title);
  });

  it('refuses a leaf that does not commit to a timeline event’s fields', () => {
    const { appealId: _gone, ...fewer } = digests;
    expect(() => rowProof('json', event, new Set(), { ...record, digests: fewer }, path)).toThrow(
      /not to a timeline event's fields/,
    );
  });
});

describe('TIMELINE_LEAF_FIELDS', () => {
  it('are the fields of a timeline event’s leaf, in the order the leaf lists them', () => {
    const entity = {
      ...logged,
      occurredAt: new Date(logged.occurredAt),
      recordedAt: new Date(logged.recordedAt),
    };
    const names = Object.keys(timelineLeaf(entity as unknown as TimelineEvent).fields);
    expect([...TIMELINE_LEAF_FIELDS]).toEqual(names.sort());
  });
});

describe(verifiableHead.name, () => {
  it('names the kind and fields of the leaves, and the CSV columns in a sidecar head only', () => {
    const checkpoint = { note: 'note\n', createdAt: new Date('2026-12-06T12:00:00Z') };
    expect(verifiableHead(checkpoint, 'json')).toEqual({
      format: 'caseline-verifiable-export/2',
      kind: 'timeline',
      fields: [...TIMELINE_LEAF_FIELDS],
      checkpoint: 'note\n',
      checkpointAt: '2026-12-06T12:00:00.000Z',
    });
    expect(verifiableHead(checkpoint, 'csv').columns).toMatchObject({ id: 'event_id', title: 'title' });
  });
});
