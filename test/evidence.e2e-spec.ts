import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join, relative } from 'node:path';
import request from 'supertest';
import { fixtures } from './factories/evidence-files';
import { seedCase } from './factories/seed';
import { Agent, createTestApp, TestApp } from './helpers/test-app';

// Uploads, restarts and the CLI take longer than jest's default.
jest.setTimeout(120_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const CONTENT_PATH = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

interface Part {
  name: string;
  value: string | Buffer;
  /** Raw value of the Content-Disposition filename parameter(s), e.g. `filename="a.pdf"`. */
  filenameParam?: string;
  contentType?: string;
}

/** Builds a multipart body by hand, so tests control every byte (hostile filenames included). */
function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----caseline${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filenameParam ? `; ${part.filenameParam}` : ''}`;
    const headers =
      `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
      (part.contentType ? `Content-Type: ${part.contentType}\r\n` : '') +
      '\r\n';
    chunks.push(
      Buffer.from(headers, 'utf8'),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function fileParts(
  file: Buffer,
  filename = 'file.bin',
  fields: Record<string, string> = { description: 'Letter from the compliance unit', source: 'Member' },
  contentType = 'application/octet-stream',
): Part[] {
  return [
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: 'file', value: file, filenameParam: `filename="${filename}"`, contentType },
  ];
}

function upload(agent: Agent, caseId: string, parts: Part[]) {
  const { body, contentType } = multipart(parts);
  return agent.post(`/api/cases/${caseId}/evidence`).set('Content-Type', contentType).send(body);
}

/** Every file under the evidence folder, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const tempFiles = (t: TestApp) => filesUnder(join(t.dir, 'evidence')).filter((f) => !CONTENT_PATH.test(f));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('evidence', () => {
  let t: TestApp;
  let caseId: string;
  const countRows = async (where = '1=1', params: unknown[] = []) =>
    Number(
      (await t.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM evidence WHERE ${where}`, params))[0].n,
    );

  beforeAll(async () => {
    t = await createTestApp();
    caseId = (await seedCase(t.db, t.users.caseworker.id)).caseId;
  });
  afterAll(() => t.close());

  describe('upload and download', () => {
    it('round-trips the exact bytes with the right hash, size and type, and records it all', async () => {
      const pdf = fixtures.pdf('round trip');
      const res = await upload(
        t.as.caseworker,
        caseId,
        fileParts(pdf, 'suspension-letter.pdf', {
          description: 'Suspension letter',
          source: 'Member',
          obtainedAt: '2019-03-05',
        }),
      ).expect(201);
      expect(res.body).toMatchObject({
        caseId,
        filename: 'suspension-letter.pdf',
        mimeType: 'application/pdf',
        size: pdf.length,
        sha256: sha256(pdf),
        description: 'Suspension letter',
        source: 'Member',
        obtainedAt: '2019-03-05',
        uploadedBy: t.users.caseworker.id,
        deletedAt: null,
      });
      const id = res.body.id;
      const stored = join(t.dir, 'evidence', sha256(pdf).slice(0, 2), sha256(pdf).slice(2, 4), sha256(pdf));
      expect(statSync(stored).size).toBe(pdf.length);

      const download = await t.as.caseworker
        .get(`/api/evidence/${id}/content`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(Buffer.compare(download.body, pdf)).toBe(0);
      expect(sha256(download.body)).toBe(res.body.sha256);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-length']).toBe(String(pdf.length));
      expect(download.headers['content-disposition']).toBe('attachment; filename="suspension-letter.pdf"');
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers.etag).toBe(`"${sha256(pdf)}"`);

      const meta = await t.as.coordinator.get(`/api/evidence/${id}`).expect(200);
      expect(meta.body).toEqual(res.body);
      const list = await t.as.coordinator.get(`/api/cases/${caseId}/evidence`).expect(200);
      expect(list.body.map((e: { id: string }) => e.id)).toContain(id);

      const events = await t.db.query<{ type: string; evidence_ids: string }>(
        "SELECT type, evidence_ids FROM timeline_events WHERE case_id = ? AND type = 'evidence_added'",
        [caseId],
      );
      expect(events.some((e) => JSON.parse(e.evidence_ids).includes(id))).toBe(true);

      const custody = await t.as.caseworker.get(`/api/evidence/${id}/custody`).expect(200);
      expect(custody.body.map((c: { action: string }) => c.action)).toEqual(['uploaded', 'downloaded']);
      expect(custody.body[0]).toMatchObject({
        evidenceId: id,
        actorId: t.users.caseworker.id,
        sha256: sha256(pdf),
      });
      expect(custody.body[0].requestId).toEqual(expect.any(String));
      expect(custody.body[1].actorId).toBe(t.users.caseworker.id);

      const audit = await t.db.query<{ action: string }>(
        'SELECT action FROM audit_entries WHERE entity_id = ? ORDER BY id',
        [id],
      );
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['evidence.upload', 'evidence.download', 'evidence.read']),
      );
      expect(tempFiles(t)).toEqual([]);
    });

    it.each<[string, () => Buffer, string]>([
      ['PNG', fixtures.png, 'image/png'],
      ['JPEG', fixtures.jpeg, 'image/jpeg'],
      ['GIF', fixtures.gif, 'image/gif'],
      ['WebP', fixtures.webp, 'image/webp'],
      ['HEIC', () => fixtures.isoMedia('heic'), 'image/heic'],
      ['MP3', fixtures.mp3, 'audio/mpeg'],
      ['M4A', () => fixtures.isoMedia('M4A'), 'audio/mp4'],
      ['WAV', fixtures.wav, 'audio/wav'],
      ['OGG', fixtures.ogg, 'audio/ogg'],
      ['MP4', () => fixtures.isoMedia('mp42'), 'video/mp4'],
      ['MOV', () => fixtures.isoMedia('qt'), 'video/quicktime'],
      ['DOCX', fixtures.docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['XLSX', fixtures.xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['PPTX', fixtures.pptx, 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
      ['ODT', fixtures.odt, 'application/vnd.oasis.opendocument.text'],
      ['plain text', fixtures.text, 'text/plain'],
      ['CSV', fixtures.csv, 'text/csv'],
      ['EML', fixtures.eml, 'message/rfc822'],
    ])('sniffs %s from the content, whatever the client claims', async (_label, make, mimeType) => {
      const file = make();
      const res = await upload(
        t.as.caseworker,
        caseId,
        fileParts(file, 'claimed.exe', {}, 'application/x-msdownload'),
      ).expect(201);
      expect(res.body.mimeType).toBe(mimeType);
      const download = await t.as.caseworker
        .get(`/api/evidence/${res.body.id}/content`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(Buffer.compare(download.body, file)).toBe(0);
      expect(download.headers['content-type'].split(';')[0]).toBe(mimeType);
    });

    it('answers 409 with existingId for the same bytes on the same case, and stores them once across cases', async () => {
      const file = fixtures.pdf('duplicate');
      const first = await upload(t.as.caseworker, caseId, fileParts(file, 'a.pdf')).expect(201);
      const again = await upload(t.as.caseworker, caseId, fileParts(file, 'b.pdf')).expect(409);
      expect(again.body.existingId).toBe(first.body.id);
      expect(await countRows('sha256 = ?', [sha256(file)])).toBe(1);

      const other = (await seedCase(t.db, t.users.caseworker.id)).caseId;
      const second = await upload(t.as.caseworker, other, fileParts(file, 'c.pdf')).expect(201);
      expect(second.body.sha256).toBe(first.body.sha256);
      const copies = filesUnder(join(t.dir, 'evidence')).filter((f) => f.endsWith(sha256(file)));
      expect(copies).toHaveLength(1);
      expect(tempFiles(t)).toEqual([]);

      // Deleting one keeps the content the other still refers to.
      await t.as.admin
        .delete(`/api/evidence/${first.body.id}`)
        .send({ reason: 'Uploaded twice' })
        .expect(200);
      expect(filesUnder(join(t.dir, 'evidence')).filter((f) => f.endsWith(sha256(file)))).toHaveLength(1);
      const kept = await t.as.caseworker
        .get(`/api/evidence/${second.body.id}/content`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(Buffer.compare(kept.body, file)).toBe(0);
      // After the tombstone, the same content may be attached to the first case again.
      await upload(t.as.caseworker, caseId, fileParts(file, 'a-again.pdf')).expect(201);
    });

    it.each<[string, () => Buffer, string]>([
      ['an ELF binary named .pdf', fixtures.elf, 'evil.pdf'],
      ['an HTML page named .png', fixtures.html, 'photo.png'],
      ['a plain zip named .docx', fixtures.plainZip, 'minutes.docx'],
      ['a macro-enabled document named .docx', fixtures.docm, 'minutes.docx'],
      ['an empty file', () => Buffer.alloc(0), 'empty.txt'],
      ['Latin-1 text', () => Buffer.from('caf\xe9 au lait\n', 'latin1'), 'note.txt'],
    ])('refuses %s with 415 and leaves nothing on disk or in the database', async (_label, make, name) => {
      const file = make();
      const before = await countRows();
      const res = await upload(t.as.caseworker, caseId, fileParts(file, name, {}, 'application/pdf')).expect(
        415,
      );
      expect(res.body.message).toMatch(/^file is of a type that is not accepted/);
      expect(await countRows()).toBe(before);
      expect(await countRows('sha256 = ?', [sha256(file)])).toBe(0);
      expect(filesUnder(join(t.dir, 'evidence')).filter((f) => f.endsWith(sha256(file)))).toEqual([]);
      expect(tempFiles(t)).toEqual([]);
    });

    it('keeps hostile filenames away from the storage path and sends them back safe', async () => {
      const hostile: [string, string][] = [
        ['filename="../../x"', 'x'],
        [`filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`, 'passwd'],
        [`filename*=UTF-8''a%0D%0AX-Injected%3A%20yes%0D%0A.pdf`, 'aX-Injected: yes.pdf'],
        ['filename="say \\"hi\\".pdf"', 'say hi.pdf'],
        [`filename*=UTF-8''invoice%E2%80%AEfdp.exe`, 'invoicefdp.exe'],
        [`filename="${'a'.repeat(1000)}.pdf"`, `${'a'.repeat(196)}.pdf`],
        [`filename*=UTF-8''Lettre%20de%20l%E2%80%99ex%C3%A9cutif.pdf`, 'Lettre de l’exécutif.pdf'],
      ];
      for (const [param, expected] of hostile) {
        const file = fixtures.pdf(`hostile ${param}`);
        const res = await upload(t.as.caseworker, caseId, [
          { name: 'file', value: file, filenameParam: param, contentType: 'application/pdf' },
        ]).expect(201);
        expect(res.body.filename).toBe(expected);
        const download = await t.as.caseworker.get(`/api/evidence/${res.body.id}/content`).expect(200);
        const header = download.headers['content-disposition'];
        expect(header).toMatch(
          /^attachment; filename="[\x20-\x21\x23-\x5b\x5d-\x7e]*"(; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+)?$/,
        );
        expect(download.headers['x-injected']).toBeUndefined();
        const star = /filename\*=UTF-8''(.+)$/.exec(header);
        if (star) expect(decodeURIComponent(star[1])).toBe(expected);
        else expect(header).toBe(`attachment; filename="${expected}"`);
      }
      for (const f of filesUnder(join(t.dir, 'evidence'))) expect(f).toMatch(CONTENT_PATH);
      expect(existsSync(join(t.dir, 'x'))).toBe(false);
    });

    it('serves a byte range of audio and video with 206, and the whole file for other types', async () => {
      const wav = fixtures.wav(8000);
      const res = await upload(t.as.caseworker, caseId, fileParts(wav, 'hearing.wav')).expect(201);
      const id = res.body.id;
      const part = await t.as.coordinator
        .get(`/api/evidence/${id}/content`)
        .set('Range', 'bytes=1000-1999')
        .buffer(true)
        .parse(binary)
        .expect(206);
      expect(Buffer.compare(part.body, wav.subarray(1000, 2000))).toBe(0);
      expect(part.headers['content-range']).toBe(`bytes 1000-1999/${wav.length}`);
      expect(part.headers['content-length']).toBe('1000');
      expect(part.headers['accept-ranges']).toBe('bytes');

      const suffix = await t.as.coordinator
        .get(`/api/evidence/${id}/content`)
        .set('Range', 'bytes=-10')
        .buffer(true)
        .parse(binary)
        .expect(206);
      expect(Buffer.compare(suffix.body, wav.subarray(wav.length - 10))).toBe(0);

      const outside = await t.as.coordinator
        .get(`/api/evidence/${id}/content`)
        .set('Range', `bytes=${wav.length}-`)
        .expect(416);
      expect(outside.headers['content-range']).toBe(`bytes */${wav.length}`);

      const stale = await t.as.coordinator
        .get(`/api/evidence/${id}/content`)
        .set('Range', 'bytes=0-9')
        .set('If-Range', '"0000"')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(stale.body.length).toBe(wav.length);

      const pdf = fixtures.pdf('no ranges for documents');
      const doc = await upload(t.as.caseworker, caseId, fileParts(pdf, 'doc.pdf')).expect(201);
      const whole = await t.as.coordinator
        .get(`/api/evidence/${doc.body.id}/content`)
        .set('Range', 'bytes=0-9')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(whole.body.length).toBe(pdf.length);
      expect(whole.headers['accept-ranges']).toBe('none');

      const custody = await t.as.caseworker.get(`/api/evidence/${id}/custody`).expect(200);
      expect(custody.body.find((c: { note: string }) => c.note === 'bytes 1000-1999')).toBeDefined();
    });
  });

  describe('limits and failures', () => {
    it('refuses a file larger than MAX_EVIDENCE_BYTES with 413 and leaves no temp file', async () => {
      const small = await createTestApp({ env: { MAX_EVIDENCE_BYTES: String(64 * 1024) } });
      try {
        const c = (await seedCase(small.db, small.users.caseworker.id)).caseId;
        const exact = Buffer.concat([fixtures.pdf('limit'), Buffer.alloc(64 * 1024, 0x20)]).subarray(
          0,
          64 * 1024,
        );
        const over = Buffer.concat([exact, Buffer.from(' ')]);
        const res = await upload(small.as.caseworker, c, fileParts(over, 'big.pdf')).expect(413);
        expect(res.body.message).toMatch(/^file must not be larger than 65536 bytes/);
        expect(tempFiles(small)).toEqual([]);
        expect(filesUnder(join(small.dir, 'evidence'))).toEqual([]);
        expect(Number((await small.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM evidence'))[0].n)).toBe(
          0,
        );

        // Far over the limit: still a 413 (the rest of the body is discarded, never stored).
        const wayOver = Buffer.concat([exact, Buffer.alloc(4 * 1024 * 1024, 0x20)]);
        await upload(small.as.caseworker, c, fileParts(wayOver, 'huge.pdf')).expect(413);
        expect(tempFiles(small)).toEqual([]);

        const ok = await upload(small.as.caseworker, c, fileParts(exact, 'exact.pdf')).expect(201);
        expect(ok.body.size).toBe(64 * 1024);
      } finally {
        await small.close();
      }
    });

    it('leaves no temp file and no row when the client aborts mid-upload', async () => {
      const before = await countRows();
      const boundary = 'abortboundary1234';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      );
      const url = new URL(t.url);
      const req = http.request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/api/cases/${caseId}/evidence`,
        headers: {
          Authorization: `Bearer ${t.as.caseworker.token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + 10 * 1024 * 1024),
        },
      });
      req.on('error', () => undefined);
      req.write(head);
      req.write(Buffer.concat([fixtures.pdf('aborted'), randomBytes(256 * 1024)]));
      // The server has started writing the temp file...
      await until(() => tempFiles(t).length === 1);
      // ...and the client goes away.
      req.destroy();
      await until(() => tempFiles(t).length === 0);
      expect(await countRows()).toBe(before);
      // The server still serves.
      await t.as.caseworker.get(`/api/cases/${caseId}/evidence`).expect(200);
    });

    it('validates the text fields itself and names the field', async () => {
      const file = fixtures.pdf('validation');
      const future = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
      const cases: [Record<string, string>, RegExp][] = [
        [{ obtainedAt: future }, /obtainedAt must not be in the future/],
        [{ obtainedAt: '2019-02-30' }, /obtainedAt must be a calendar date/],
        [{ obtainedAt: 'yesterday' }, /obtainedAt must be a calendar date/],
        [{ description: 'a\u0000b' }, /description must not contain NUL/],
        [{ source: 'x'.repeat(501) }, /source must not be longer than 500/],
        [{ colour: 'red' }, /property colour should not exist/],
      ];
      for (const [fields, message] of cases) {
        const res = await upload(t.as.caseworker, caseId, fileParts(file, 'v.pdf', fields)).expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(message);
      }
      const long = await upload(
        t.as.caseworker,
        caseId,
        fileParts(file, 'v.pdf', { description: 'x'.repeat(9000) }),
      ).expect(400);
      expect(long.body.message).toMatch(/description must not be longer than/);
      expect(await countRows('sha256 = ?', [sha256(file)])).toBe(0);
      expect(tempFiles(t)).toEqual([]);
    });

    it('refuses a request without a file, with two files, or that is not multipart', async () => {
      const noFile = await upload(t.as.caseworker, caseId, [{ name: 'description', value: 'x' }]).expect(400);
      expect(noFile.body.message).toBe('file is required');
      const two = await upload(t.as.caseworker, caseId, [
        { name: 'file', value: fixtures.pdf('one'), filenameParam: 'filename="1.pdf"' },
        { name: 'file', value: fixtures.pdf('two'), filenameParam: 'filename="2.pdf"' },
      ]).expect(400);
      expect(two.body.message).toBe('file must be a single file');
      await t.as.caseworker.post(`/api/cases/${caseId}/evidence`).send({ file: 'x' }).expect(400);
      expect(tempFiles(t)).toEqual([]);
    });

    it('answers 404 for an unknown case and 400 for a malformed id', async () => {
      await upload(t.as.caseworker, randomUUID(), fileParts(fixtures.pdf('nowhere'))).expect(404);
      await t.as.caseworker.get(`/api/cases/${randomUUID()}/evidence`).expect(404);
      await t.as.caseworker.get(`/api/evidence/${randomUUID()}`).expect(404);
      await t.as.caseworker.get('/api/evidence/not-a-uuid').expect(400);
    });

    it("never shows one case's evidence through another case", async () => {
      const other = (await seedCase(t.db, t.users.caseworker.id)).caseId;
      const res = await upload(t.as.caseworker, caseId, fileParts(fixtures.pdf('mine'), 'mine.pdf')).expect(
        201,
      );
      const list = await t.as.caseworker.get(`/api/cases/${other}/evidence`).expect(200);
      expect(list.body.map((e: { id: string }) => e.id)).not.toContain(res.body.id);
    });
  });

  describe('verification', () => {
    it('is ok, then reports a file altered on disk and one removed', async () => {
      const file = fixtures.pdf('to verify');
      const res = await upload(
        t.as.caseworker,
        caseId,
        fileParts(file, 'verify.pdf', { description: 'Private description of Jane Doe' }),
      ).expect(201);
      const id = res.body.id;
      const ok = await t.as.coordinator.post(`/api/evidence/${id}/verify`).expect(200);
      expect(ok.body).toMatchObject({ ok: true, sha256: sha256(file) });
      expect(new Date(ok.body.checkedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

      const cli = () =>
        spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli', 'verify-evidence.js')], {
          env: { PATH: process.env.PATH, ...t.env },
          encoding: 'utf8',
        });
      const clean = cli();
      expect(clean.stdout + clean.stderr).toMatch(/\d+ checked, 0 failed/);
      expect(clean.status).toBe(0);

      const path = join(
        t.dir,
        'evidence',
        res.body.sha256.slice(0, 2),
        res.body.sha256.slice(2, 4),
        res.body.sha256,
      );
      chmodSync(path, 0o640);
      writeFileSync(path, Buffer.concat([file, Buffer.from('tampered')]));
      const altered = await t.as.caseworker.post(`/api/evidence/${id}/verify`).expect(200);
      expect(altered.body).toMatchObject({
        ok: false,
        reason: 'mismatch',
        sha256: sha256(Buffer.concat([file, Buffer.from('tampered')])),
        expectedSha256: sha256(file),
      });
      const failedCli = cli();
      expect(failedCli.status).not.toBe(0);
      expect(failedCli.stdout).toContain(id);

      unlinkSync(path);
      const missing = await t.as.caseworker.post(`/api/evidence/${id}/verify`).expect(200);
      expect(missing.body).toMatchObject({ ok: false, reason: 'missing', sha256: null });

      const custody = await t.as.caseworker.get(`/api/evidence/${id}/custody`).expect(200);
      const actions = custody.body.map((c: { action: string }) => c.action);
      expect(actions.slice(0, 2)).toEqual(['uploaded', 'verified']);
      expect(actions.filter((a: string) => a === 'verification_failed').length).toBeGreaterThanOrEqual(2);
      expect(custody.body.at(-1)).toMatchObject({ action: 'verification_failed', sha256: null });

      const lines = t.server.output.filter((l) => l.includes('evidence verification failed'));
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) {
        const entry = JSON.parse(line);
        expect(entry.level).toBe(50);
        expect(entry.evidenceId).toBe(id);
        expect(line).not.toContain('Jane Doe');
        expect(line).not.toContain('verify.pdf');
      }
      const audit = await t.db.query<{ details: string }>(
        "SELECT details FROM audit_entries WHERE entity_id = ? AND action = 'evidence.verify' ORDER BY id",
        [id],
      );
      // API ok, API mismatch, the scheduled CLI run, API missing.
      expect(audit.map((a) => JSON.parse(a.details))).toEqual([
        { ok: true },
        { ok: false, reason: 'mismatch' },
        { ok: false, reason: 'mismatch', scheduled: true },
        { ok: false, reason: 'missing' },
      ]);
    });
  });

  describe('access', () => {
    let id: string;
    beforeAll(async () => {
      id = (
        await upload(t.as.caseworker, caseId, fileParts(fixtures.pdf('access'), 'access.pdf')).expect(201)
      ).body.id;
    });

    const routes = (evidenceId: () => string) => [
      { method: 'post' as const, path: () => `/api/cases/${caseId}/evidence` },
      { method: 'get' as const, path: () => `/api/cases/${caseId}/evidence` },
      { method: 'get' as const, path: () => `/api/evidence/${evidenceId()}` },
      { method: 'get' as const, path: () => `/api/evidence/${evidenceId()}/content` },
      { method: 'get' as const, path: () => `/api/evidence/${evidenceId()}/custody` },
      { method: 'post' as const, path: () => `/api/evidence/${evidenceId()}/verify` },
      { method: 'delete' as const, path: () => `/api/evidence/${evidenceId()}` },
    ];

    it('gives researchers 403 on every evidence route', async () => {
      for (const route of routes(() => id)) {
        const res =
          route.method === 'post' && route.path().endsWith('/evidence')
            ? await upload(t.as.researcher, caseId, fileParts(fixtures.pdf('researcher')))
            : await t.as.researcher[route.method](route.path()).send({ reason: 'x' });
        expect([route.method, route.path(), res.status]).toEqual([route.method, route.path(), 403]);
      }
    });

    it('answers 401 without a token on every evidence route', async () => {
      for (const route of routes(() => id)) {
        const res = await request(t.url)[route.method](route.path());
        expect([route.method, route.path(), res.status]).toEqual([route.method, route.path(), 401]);
      }
    });

    it('lets coordinators read, download and upload', async () => {
      await t.as.coordinator.get(`/api/evidence/${id}/content`).expect(200);
      await t.as.coordinator.get(`/api/evidence/${id}/custody`).expect(200);
      await upload(t.as.coordinator, caseId, fileParts(fixtures.pdf('coordinator'))).expect(201);
      await upload(t.as.admin, caseId, fileParts(fixtures.pdf('admin uploads'))).expect(201);
    });

    it('deletes only for an admin with a reason, leaving a tombstone, the custody log and a 410', async () => {
      const file = fixtures.pdf('to delete');
      const res = await upload(t.as.caseworker, caseId, fileParts(file, 'delete-me.pdf')).expect(201);
      const evidenceId = res.body.id;
      await t.as.caseworker.get(`/api/evidence/${evidenceId}/content`).expect(200);

      await t.as.caseworker.delete(`/api/evidence/${evidenceId}`).send({ reason: 'not mine' }).expect(403);
      await t.as.coordinator.delete(`/api/evidence/${evidenceId}`).send({ reason: 'not mine' }).expect(403);
      const noReason = await t.as.admin.delete(`/api/evidence/${evidenceId}`).expect(400);
      expect(JSON.stringify(noReason.body.message)).toMatch(/reason/);
      await t.as.admin.delete(`/api/evidence/${evidenceId}`).send({ reason: '   ' }).expect(400);

      const deleted = await t.as.admin
        .delete(`/api/evidence/${evidenceId}`)
        .send({ reason: 'Uploaded to the wrong case' })
        .expect(200);
      expect(deleted.body).toMatchObject({
        id: evidenceId,
        deletedBy: t.users.admin.id,
        deletionReason: 'Uploaded to the wrong case',
        sha256: sha256(file),
      });
      expect(deleted.body.deletedAt).toEqual(expect.any(String));

      const meta = await t.as.caseworker.get(`/api/evidence/${evidenceId}`).expect(200);
      expect(meta.body.deletedAt).toEqual(deleted.body.deletedAt);
      await t.as.caseworker.get(`/api/evidence/${evidenceId}/content`).expect(410);
      await t.as.caseworker.post(`/api/evidence/${evidenceId}/verify`).expect(410);
      await t.as.admin.delete(`/api/evidence/${evidenceId}`).send({ reason: 'again' }).expect(410);
      expect(filesUnder(join(t.dir, 'evidence')).filter((f) => f.endsWith(sha256(file)))).toEqual([]);

      const custody = await t.as.caseworker.get(`/api/evidence/${evidenceId}/custody`).expect(200);
      expect(custody.body.map((c: { action: string }) => c.action)).toEqual([
        'uploaded',
        'downloaded',
        'deleted',
      ]);
      expect(custody.body[2]).toMatchObject({ actorId: t.users.admin.id, sha256: sha256(file) });
      expect(await countRows('id = ?', [evidenceId])).toBe(1);
      const audit = await t.db.query<{ action: string }>(
        "SELECT action FROM audit_entries WHERE entity_id = ? AND action = 'evidence.delete'",
        [evidenceId],
      );
      expect(audit).toHaveLength(1);
    });

    it('keeps custody append-only and evidence rows undeletable in the database itself', async () => {
      await expect(
        t.db.query('UPDATE evidence_custody SET action = ? WHERE evidence_id = ?', ['verified', id]),
      ).rejects.toThrow(/append-only/);
      await expect(t.db.query('DELETE FROM evidence_custody WHERE evidence_id = ?', [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(t.db.query('DELETE FROM evidence WHERE id = ?', [id])).rejects.toThrow(/never deleted/);
      await expect(
        t.db.query('UPDATE evidence SET sha256 = ? WHERE id = ?', ['0'.repeat(64), id]),
      ).rejects.toThrow(/immutable/);
    });
  });
});
