import { fixtures, zip } from '../../test/factories/evidence-files';
import { identifyOfficeDocument, readZipEntries, ReadAt } from './zip-inspection';

const reader =
  (buffer: Buffer): ReadAt =>
  async (offset, length) =>
    buffer.subarray(offset, offset + length);

const identify = (buffer: Buffer) => identifyOfficeDocument(reader(buffer), buffer.length);

describe(identifyOfficeDocument.name, () => {
  it.each([
    ['docx', fixtures.docx()],
    ['xlsx', fixtures.xlsx()],
    ['pptx', fixtures.pptx()],
    ['odt', fixtures.odt()],
  ])('recognises a real %s', async (kind, buffer) => {
    expect(await identify(buffer)).toBe(kind);
  });

  it.each([
    ['a plain zip with a word/ folder', fixtures.plainZip()],
    ['a macro-enabled Word document', fixtures.docm()],
    ['an ODF spreadsheet', fixtures.ods()],
    [
      'an OOXML package without relationships',
      zip([
        {
          name: '[Content_Types].xml',
          data: 'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"',
        },
        { name: 'word/document.xml', data: '<w:document/>' },
      ]),
    ],
    [
      'a docx content type without a word/ part',
      zip([
        {
          name: '[Content_Types].xml',
          data: 'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"',
        },
        { name: '_rels/.rels', data: '<Relationships/>' },
      ]),
    ],
    [
      'an ODT whose mimetype is not the first member',
      zip([
        { name: 'content.xml', data: '<x/>' },
        { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
        { name: 'META-INF/manifest.xml', data: '<m/>' },
      ]),
    ],
    ['a truncated docx', fixtures.docx().subarray(0, 200)],
    ['a PDF', fixtures.pdf()],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s', async (_label, buffer) => {
    expect(await identify(buffer)).toBeNull();
  });
});

describe(readZipEntries.name, () => {
  it('lists the members of an archive', async () => {
    const buffer = fixtures.docx();
    const entries = await readZipEntries(reader(buffer), buffer.length);
    expect(entries?.map((e) => e.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
  });

  it('finds the end record behind an archive comment', async () => {
    const buffer = fixtures.odt();
    const comment = Buffer.from('a comment');
    const withComment = Buffer.concat([buffer, comment]);
    withComment.writeUInt16LE(comment.length, buffer.length - 2);
    expect(await identify(withComment)).toBe('odt');
  });
});
