import { intakePayload } from './factories/case-payloads';
import { fixtures } from './factories/evidence-files';
import { Agent, createTestApp, TestApp } from './helpers/test-app';

/**
 * A researcher's export of a case whose evidence file names and event text carry the member's
 * name and membership number the ways people write them (the leak this guards against: the file
 * "margaret_obrien_l123456.txt" came out as "Evidence added: margaret_obrien_l123456.txt").
 */

/** As pseudonymisation compares names: lower case, accents removed, letters and digits only. */
const fold = (text: string) =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

const asText = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: string) => void) => {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (data += chunk));
  res.on('end', () => cb(null, data));
};

describe('a pseudonymised export of a case whose files and text name the member', () => {
  let t: TestApp;
  let caseId: string;
  let reference: string;

  beforeAll(async () => {
    t = await createTestApp();
    const intake = await t.as.caseworker
      .post('/api/cases')
      .send(
        intakePayload(
          {},
          {
            fullName: "Margaret O'Brien",
            membershipNumber: 'L123456',
            email: 'margaret.obrien@example.org',
            phone: '+44 7700 900123',
            consentToResearch: true,
          },
        ),
      )
      .expect(201);
    caseId = intake.body.id;
    reference = intake.body.reference;
    await t.as.caseworker
      .post(`/api/cases/${caseId}/evidence`)
      .field('description', 'Her statement')
      .attach('file', Buffer.from('Statement of the member, in her own words.\n'), {
        filename: 'margaret_obrien_l123456.txt',
        contentType: 'text/plain',
      })
      .expect(201);
    await t.as.caseworker
      .post(`/api/cases/${caseId}/evidence`)
      .field('description', 'Scan of MargaretOBrien_letter, from m.obrien')
      .attach('file', fixtures.pdf('letter'), 'margaret_obrien_l123456.pdf')
      .expect(201);
    await t.as.caseworker
      .post(`/api/cases/${caseId}/events`)
      .send({
        type: 'correspondence',
        occurredAt: '2024-03-02',
        precision: 'day',
        title: "O'Brien, Margaret: reply",
        description: "MargaretOBrien wrote… (M. O'BRIEN's letter, ref l-123456, call 07700-900-123)",
        source: 'Email from margaret.obrien@example.org',
      })
      .expect(201);
    // A second case linked by the membership number under her maiden name: kept as an alias
    // (NAME_DIFFERS), and an alias is hers as much as her full name is.
    const linked = await t.as.caseworker
      .post('/api/cases')
      .send(intakePayload({}, { fullName: 'Peggy Kavanagh', membershipNumber: 'L123456' }))
      .expect(201);
    expect(linked.body.warnings).toEqual([expect.objectContaining({ code: 'NAME_DIFFERS' })]);
    await t.as.caseworker
      .post(`/api/cases/${linked.body.id}/events`)
      .send({
        type: 'note',
        occurredAt: '2024-03-05',
        precision: 'day',
        title: 'Call from Peggy Kavanagh',
        description: 'peggy_kavanagh_notes.docx to follow',
      })
      .expect(201);
  });
  afterAll(() => t.close());

  const exportOf = async (agent: Agent, query: string) => {
    const res = await agent.get(`/api/exports/timeline?${query}`).buffer(true).parse(asText).expect(200);
    return res.body as unknown as string;
  };

  /** What of the member an export still shows, in any form. */
  const leaks = (text: string) => {
    const folded = fold(text);
    return ['margaret', 'obrien', 'kavanagh', '123456', '7700900123', 'example.org', '@'].filter((p) =>
      p.includes('.') || p === '@' ? text.toLowerCase().includes(p) : folded.includes(p),
    );
  };

  it('the named export (coordinator) does show the file names and the text as written', async () => {
    const named = await exportOf(t.as.coordinator, `format=ndjson&pseudonymise=false&caseId=${caseId}`);
    expect(named).toContain('Evidence added: margaret_obrien_l123456.txt');
    expect(named).toContain('MargaretOBrien wrote…');
  });

  it.each(['csv', 'json', 'ndjson', 'timelinejs'])(
    "shows neither the member's name in any form nor the membership number (%s)",
    async (format) => {
      const text = await exportOf(t.as.researcher, `format=${format}`);
      expect(text).toContain(reference);
      expect(leaks(text)).toEqual([]);
    },
  );

  it('keeps the file extensions and puts the pseudonym where the name was', async () => {
    const events = (await exportOf(t.as.researcher, `format=ndjson&caseId=${caseId}`))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { member: string; title: string; description: string | null });
    const pseudonym = events[0].member;
    expect(pseudonym).toMatch(/^M-[0-9a-f]{10}$/);
    const titles = events.map((e) => e.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        `Evidence added: ${pseudonym}_[redacted].txt`,
        `Evidence added: ${pseudonym}_[redacted].pdf`,
        `${pseudonym}: reply`,
      ]),
    );
    const note = events.find((e) => e.title === `${pseudonym}: reply`)!;
    expect(note.description).toBe(
      `${pseudonym} wrote… (${pseudonym}'s letter, ref [redacted], call [redacted])`,
    );
  });

  it('holds in a background export too', async () => {
    const created = await t.as.researcher.post('/api/exports').send({ format: 'json' }).expect(202);
    for (let i = 0; i < 300; i++) {
      const res = await t.as.researcher.get(`/api/exports/${created.body.id}`).expect(200);
      if (res.body.status === 'done') break;
      expect(res.body.status).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const file = await t.as.researcher
      .get(`/api/exports/${created.body.id}/download`)
      .buffer(true)
      .parse(asText)
      .expect(200);
    const text = file.body as unknown as string;
    expect(text).toContain(reference);
    expect(leaks(text)).toEqual([]);
  });
});
