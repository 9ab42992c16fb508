import { encodeLeaf, fieldDigest, newSalts } from '../log/leaf';
import type { RecordProof } from '../log/log.service';
import { DatePrecision } from '../timeline/timeline-event.entity';
import { ExportEvent } from './export-format';
import { rowProof, shownFields, verifiableHead } from './export-proofs';

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
const record: RecordProof = { leafIndex: 7, digests, salts, proof: [Buffer.alloc(32, 1)] };

describe(rowProof.name, () => {
  it('discloses every field a named JSON row shows, and withholds caseId, recordedBy and appealId', () => {
    const p = rowProof('json', event, new Set(), record);
    expect(Object.keys(p.fields).sort()).toEqual([
      'description',
      'evidenceIds',
      'id',
      'occurredAt',
      'precision',
      'recordedAt',
      'source',
      'supersedes',
      'title',
      'type',
    ]);
    expect(p.withheld).toEqual({
      appealId: digests.appealId,
      caseId: digests.caseId,
      recordedBy: digests.recordedBy,
    });
    expect(p.fields.title).toEqual({ salt: salts.title, value: 'Met Ann Example' });
    expect(p).toMatchObject({
      leafIndex: 7,
      kind: 'timeline',
      proof: [Buffer.alloc(32, 1).toString('base64')],
    });
  });

  it('withholds evidenceIds from a CSV row, which has no column for them', () => {
    expect(rowProof('csv', event, new Set(), record).withheld.evidenceIds).toBe(digests.evidenceIds);
    expect(shownFields('csv', event)).not.toHaveProperty('evidenceIds');
  });

  it('withholds what pseudonymisation rewrote: digest only, never its salt or value', () => {
    const shown = { ...event, title: 'Met M-123', source: 'Phone call with M-123', member: 'M-123' };
    const p = rowProof('ndjson', shown, new Set(['title', 'source']), record);
    expect(p.withheld.title).toBe(digests.title);
    expect(p.withheld.source).toBe(digests.source);
    expect(p.fields).not.toHaveProperty('title');
    expect(JSON.stringify(p)).not.toContain('Ann Example');
    expect(JSON.stringify(p)).not.toContain(salts.title);
  });

  it('discloses the value the row shows, so a record edited behind the log does not match its digest', () => {
    const edited = { ...event, title: 'Quietly rewritten' };
    const p = rowProof('json', edited, new Set(), record);
    expect(fieldDigest(p.fields.title.salt, 'title', p.fields.title.value)).not.toBe(digests.title);
  });

  it('withholds a field whose salt was erased', () => {
    const { title: _erased, ...kept } = salts;
    const p = rowProof('json', event, new Set(), { ...record, salts: kept });
    expect(p.withheld.title).toBe(digests.title);
  });
});

describe(verifiableHead.name, () => {
  it('names the CSV columns in a sidecar head only', () => {
    const checkpoint = { note: 'note\n', createdAt: new Date('2026-12-06T12:00:00Z') };
    expect(verifiableHead(checkpoint, 'json')).toEqual({
      format: 'caseline-verifiable-export/1',
      checkpoint: 'note\n',
      checkpointAt: '2026-12-06T12:00:00.000Z',
    });
    expect(verifiableHead(checkpoint, 'csv').columns).toMatchObject({ id: 'event_id', title: 'title' });
  });
});
