import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { intakePayload } from './factories/case-payloads';
import { fixtures } from './factories/evidence-files';
import { createTestApp, TestApp } from './helpers/test-app';

/** Features meeting each other: evidence on the timeline, its hash in the inquiry export. */
describe('evidence on the timeline and in exports', () => {
  let t: TestApp;
  let caseId: string;
  let otherCaseId: string;
  let evidenceId: string;
  const pdf = fixtures.pdf('Letter of suspension, integration test');
  const sha256 = createHash('sha256').update(pdf).digest('hex');

  beforeAll(async () => {
    t = await createTestApp();
    caseId = (await t.as.caseworker.post('/api/cases').send(intakePayload()).expect(201)).body.id;
    otherCaseId = (await t.as.caseworker.post('/api/cases').send(intakePayload()).expect(201)).body.id;
    const upload = await t.as.caseworker
      .post(`/api/cases/${caseId}/evidence`)
      .field('description', 'The letter')
      .attach('file', pdf, 'letter.pdf')
      .expect(201);
    evidenceId = upload.body.id;
    expect(upload.body.sha256).toBe(sha256);
  });
  afterAll(() => t.close());

  it('writes an evidence_added event that names the evidence', async () => {
    const timeline = await t.as.caseworker.get(`/api/cases/${caseId}/timeline`).expect(200);
    const events = Array.isArray(timeline.body) ? timeline.body : timeline.body.items;
    const added = events.find((e: { type: string }) => e.type === 'evidence_added');
    expect(added.evidenceIds).toEqual([evidenceId]);
  });

  it('accepts the evidence on a manual event of its case, refuses it on another case', async () => {
    const event = { type: 'correspondence', occurredAt: '2019-04-02', precision: 'day', title: 'Reply sent' };
    await t.as.caseworker
      .post(`/api/cases/${caseId}/events`)
      .send({ ...event, evidenceIds: [evidenceId] })
      .expect(201);
    const refused = await t.as.caseworker
      .post(`/api/cases/${otherCaseId}/events`)
      .send({ ...event, evidenceIds: [evidenceId] })
      .expect(400);
    expect(JSON.stringify(refused.body.message)).toContain('evidenceIds');
  });

  it("puts the evidence's SHA-256 in the CSV export's evidence_sha256 column", async () => {
    const res = await t.as.coordinator
      .get(`/api/exports/timeline?format=csv&caseId=${caseId}`)
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => callback(null, text));
      })
      .expect(200);
    const rows: Record<string, string>[] = parse(res.body as string, { columns: true });
    const withEvidence = rows.filter((r) => r.evidence_sha256);
    expect(withEvidence.length).toBeGreaterThanOrEqual(2);
    for (const row of withEvidence) expect(row.evidence_sha256).toBe(sha256);
  });
});
