import { createHmac } from 'node:crypto';
import {
  buildRedactor,
  caseRedactor,
  memberPseudonym,
  nameForms,
  pseudonymiseMember,
  redactFreeText,
  MemberNameIndex,
  identifierRedactor,
  memberRedactor,
  NameMatcher,
} from './pseudonymise';

const SECRET = 'a-test-secret-that-is-long-enough-000000';
const ANN = { id: '6f1c1a52-8c0e-4d8e-9a57-0c5f3d2a1b10', fullName: 'Ann Example' };
const P = memberPseudonym(SECRET, ANN.id);
const redactAnn = caseRedactor(SECRET, ANN);

describe('memberPseudonym', () => {
  it('is M- and the first 10 hex digits of HMAC-SHA256(secret, member id)', () => {
    const hex = createHmac('sha256', SECRET).update(ANN.id).digest('hex');
    expect(memberPseudonym(SECRET, ANN.id)).toBe(`M-${hex.slice(0, 10)}`);
    expect(memberPseudonym(SECRET, ANN.id)).toMatch(/^M-[0-9a-f]{10}$/);
  });

  it('is stable for one member and secret', () => {
    expect(memberPseudonym(SECRET, ANN.id)).toBe(memberPseudonym(SECRET, ANN.id));
  });

  it('differs between members and between installations (secrets)', () => {
    expect(memberPseudonym(SECRET, 'other-member')).not.toBe(P);
    expect(memberPseudonym(`${SECRET}x`, ANN.id)).not.toBe(P);
  });
});

describe('pseudonymiseMember', () => {
  it('keeps region and constituency party and drops name, email, phone and membership number', () => {
    const out = pseudonymiseMember(SECRET, {
      ...ANN,
      email: 'ann@example.org',
      phone: '07700900123',
      membershipNumber: 'L123456',
      region: 'North West',
      constituencyParty: 'Northtown CLP',
    });
    expect(out).toEqual({ pseudonym: P, region: 'North West', constituencyParty: 'Northtown CLP' });
    expect(JSON.stringify(out)).not.toMatch(/Ann|example\.org|07700900123|L123456/);
  });
});

describe('nameForms', () => {
  it.each([
    ['Ann Example', ['Ann Example', 'Example', 'Ann']],
    ['Cher', ['Cher']],
    ['  Mary   Ann  Smith ', ['Mary Ann Smith', 'Smith', 'Mary', 'Ann']],
    ['Maria de la Cruz', ['Maria de la Cruz', 'de la Cruz', 'Cruz', 'Maria']],
    ['Ludwig van Beethoven', ['Ludwig van Beethoven', 'van Beethoven', 'Beethoven', 'Ludwig']],
    ["Siobhan O'Brien-Smith", ["Siobhan O'Brien-Smith", "O'Brien-Smith", 'Siobhan']],
    ['J. Bloggs', ['J. Bloggs', 'Bloggs']],
    ['', []],
  ])('%j → %j', (name, forms) => {
    expect(nameForms(name)).toEqual(forms);
  });
});

describe('caseRedactor (a member named Ann Example)', () => {
  it.each([
    ['the full name', 'Ann Example appealed', `${P} appealed`],
    ['the first name', 'Ann appealed', `${P} appealed`],
    ['the last name', 'Letter to Ms Example', `Letter to Ms ${P}`],
    ['upper case', 'ANN EXAMPLE APPEALED', `${P} APPEALED`],
    ['lower case', 'ann example wrote', `${P} wrote`],
    ['mixed case', 'aNn ExAmPlE', P],
    ['a possessive', "Ann's appeal", `${P}'s appeal`],
    ['a possessive of the full name', "Ann Example's appeal", `${P}'s appeal`],
    ['a possessive with a typographic apostrophe', 'Ann’s appeal', `${P}’s appeal`],
    ['a possessive in another case', "ANN'S appeal", `${P}'S appeal`],
    // A plural of the surname is the family: "the Examples' house".
    ['a plural possessive', "the Examples' house", `the ${P}' house`],
    ['the name across a line break', 'signed Ann\nExample', `signed ${P}`],
    ['punctuation around it', '(Ann), "Example".', `(${P}), "${P}".`],
    ['the name at the start and end', 'Ann', P],
    ['every occurrence', 'Ann met Ann', `${P} met ${P}`],
    ['a hyphenated compound', 'Ann-led campaign', `${P}-led campaign`],
    // Letters and digits part words in file names ("obrien2024.pdf").
    ['a name followed by digits', 'Ann2 account', `${P}2 account`],
  ])('replaces %s', (_what, input, expected) => {
    expect(redactAnn(input)).toBe(expected);
  });

  it.each([
    ['a word starting with the name', 'Annual meeting', 'Annual meeting'],
    ['a word ending with the name', 'Joann and Suzann', 'Joann and Suzann'],
    ['a word containing the name', 'the Planning committee', 'the Planning committee'],
    ['a word containing the last name', 'Counterexamples abound', 'Counterexamples abound'],
    ['a name inside a word with accents', 'Annéliese', 'Annéliese'],
    ['text without names', 'Hearing adjourned.', 'Hearing adjourned.'],
    ['an empty text', '', ''],
  ])('leaves %s untouched', (_what, input, expected) => {
    expect(redactAnn(input)).toBe(expected);
  });

  it('replaces the full name as one, not as first name then last name', () => {
    expect(redactAnn('Ann Example')).toBe(P);
    expect(redactAnn('Ann Example')).not.toContain(`${P} ${P}`);
  });
});

describe('buildRedactor with overlapping names', () => {
  it('prefers the longest match at each position', () => {
    const redact = buildRedactor([
      { fullName: 'Lee Ann', replacement: 'M-first' },
      { fullName: 'Ann Lee Jones', replacement: 'M-second' },
    ]);
    expect(redact('Ann Lee Jones met Lee Ann')).toBe('M-second met M-first');
  });

  it('gives a shared form to the name listed first', () => {
    const redact = buildRedactor([
      { fullName: 'Ann Example', replacement: 'M-member' },
      { fullName: 'Ann Other', replacement: 'caseworker', forms: 'full' },
    ]);
    expect(redact('Ann spoke to Ann Other')).toBe('M-member spoke to caseworker');
  });

  it('matches the same with many names (looked up by first word) as with few (one list)', () => {
    const names = [
      { fullName: 'Ann Example', replacement: 'M-member' },
      { fullName: 'Ann Other', replacement: 'caseworker', forms: 'full' as const },
      { fullName: 'Ann Lee Jones', replacement: 'M-long' },
    ];
    const padding = Array.from({ length: 12 }, (_, i) => ({
      fullName: `Zed${i} Nobody${i}`,
      replacement: 'x',
    }));
    const text = "Ann spoke to Ann Other; ann lee jones's note, Lee and JONES; Example's reply";
    const few = buildRedactor(names)(text);
    expect(few).toBe("M-member spoke to caseworker; M-long's note, M-long and M-long; M-member's reply");
    expect(buildRedactor([...names, ...padding])(text)).toBe(few);
    expect(new NameMatcher(names).size).toBe(4); // ann, example, lee, jones
    expect(new NameMatcher([...names, ...padding]).size).toBe(4 + 24);
  });

  it('replaces only the full name of users (forms: full)', () => {
    const redact = buildRedactor([{ fullName: 'Sam Worker', replacement: 'caseworker', forms: 'full' }]);
    expect(redact('Sam Worker called; Sam said the worker would call')).toBe(
      'caseworker called; Sam said the worker would call',
    );
  });

  it('treats regular-expression characters in names literally', () => {
    const redact = buildRedactor([{ fullName: 'A.J. (Jo) Smith+', replacement: 'M-x' }]);
    expect(redact('A.J. (Jo) Smith+ wrote; AxJx wrote')).toBe('M-x. (M-x) M-x+ wrote; AxJx wrote');
  });

  it('returns the text unchanged when there are no names', () => {
    expect(buildRedactor([])('Ann Example')).toBe('Ann Example');
  });

  it('handles apostrophes inside names, either form', () => {
    const redact = caseRedactor(SECRET, { id: 'm2', fullName: "Siobhan O'Brien" });
    const p = memberPseudonym(SECRET, 'm2');
    expect(redact('O’Brien said; O’BRIEN’s letter; Brien stays')).toBe(
      `${p} said; ${p}’s letter; Brien stays`,
    );
  });

  it('replaces names written with other scripts and accents, case-insensitively', () => {
    const redact = caseRedactor(SECRET, { id: 'm3', fullName: 'Zoë Łukasz' });
    const p = memberPseudonym(SECRET, 'm3');
    expect(redact('ZOË and łukasz; Zoëtrope')).toBe(`${p} and ${p}; Zoëtrope`);
  });

  it('finds names after a letter whose lower case is longer (İ), in the right place', () => {
    expect(redactAnn("İSTANBUL office: ANN's letter, İ Ann")).toBe(`İSTANBUL office: ${P}'s letter, İ ${P}`);
  });

  it('compares a final capital sigma as the name has it, whatever follows', () => {
    const redact = caseRedactor(SECRET, { id: 'm4', fullName: 'Οδυσσευς Example' });
    const p = memberPseudonym(SECRET, 'm4');
    expect(redact("ΟΔΥΣΣΕΥΣ's appeal; Οδυσσευς replied")).toBe(`${p}'s appeal; ${p} replied`);
  });

  it('takes letters beyond the BMP as part of a word, and digits and capitals as the start of another', () => {
    expect(redactAnn('Ann𝐚 stays; Ann𝐀, 𝟙Ann and 😀Ann😀 go')).toBe(
      `Ann𝐚 stays; ${P}𝐀, 𝟙${P} and 😀${P}😀 go`,
    );
  });
});

describe(memberRedactor.name, () => {
  it('redacts as caseRedactor does, with the pseudonym given', () => {
    const member = { ...ANN, email: 'ann@example.org', phone: '07700 900111', membershipNumber: 'L123' };
    const recorders = [{ fullName: 'Case Worker', role: 'caseworker' }];
    const others = new MemberNameIndex([{ fullName: 'Robert Bloggs', replacement: 'M-robert' }]);
    const text = "Ann's call (07700-900-111, ann@example.org, L123) to Case Worker about Robert Bloggs";
    expect(memberRedactor(member, P, recorders, others)(text)).toBe(
      caseRedactor(SECRET, member, recorders, others)(text),
    );
    expect(memberRedactor(member, P, recorders, others)(text)).toBe(
      // The phone pattern's optional prefix takes the opening parenthesis with it.
      `${P}'s call [redacted], [redacted], [redacted]) to caseworker about M-robert`,
    );
  });
});

describe('caseRedactor with recorders', () => {
  it("replaces recorders' full names by their role, and the member's names by the pseudonym", () => {
    const redact = caseRedactor(SECRET, ANN, [{ fullName: 'Bob Caseworker', role: 'caseworker' }]);
    expect(redact('Bob Caseworker phoned Ann')).toBe(`caseworker phoned ${P}`);
  });
});

describe('redactFreeText', () => {
  it('redacts title, description, source and summary, keeping nulls', () => {
    expect(
      redactFreeText(redactAnn, {
        title: 'Ann',
        description: null,
        source: "Ann's email",
        summary: 'Example',
      }),
    ).toEqual({ title: P, description: null, source: `${P}'s email`, summary: P });
  });
});

describe('caseRedactor (property)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  const words = ['Ann', 'ANN', 'ann', 'Example', 'EXAMPLE', 'Annual', 'letter', 'Joann', "Ann's", 'the'];
  const seps = [' ', '\n', ', ', '. ', ' (', ') ', '-'];

  it('leaves no whole-word form of the name, and touches no other word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...seps)), { maxLength: 30 }),
        (parts) => {
          const text = parts.map(([w, s]) => w + s).join('');
          const out = redactAnn(text);
          expect(out).not.toMatch(/(?<![\p{L}\p{N}_])(ann|example)(?![\p{L}\p{N}_])/iu);
          for (const keep of ['Annual', 'Joann', 'letter']) {
            expect(out.split(keep).length).toBe(text.split(keep).length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe(MemberNameIndex.name, () => {
  const index = new MemberNameIndex([
    { fullName: 'Robert Bloggs', replacement: 'M-bob' },
    { fullName: 'Mary Ann Smith', replacement: 'M-mary' },
    { fullName: "Siobhan O'Brien", replacement: 'M-siobhan' },
    { fullName: 'Cher', replacement: 'M-cher' },
  ]);

  it.each([
    ['a full name', 'met Robert Bloggs today', 'met M-bob today'],
    ['a full name in another case', 'ROBERT bloggs wrote', 'M-bob wrote'],
    ['a possessive', "Robert Bloggs's letter", "M-bob's letter"],
    ['a name across a line break', 'Robert\nBloggs', 'M-bob'],
    ['a three-word name', 'Mary Ann Smith and Mary Ann', 'M-mary and Mary Ann'],
    ['a name with an apostrophe, either form', 'Siobhan O’Brien said', 'M-siobhan said'],
    ['several names', "Robert Bloggs and Siobhan O'Brien", 'M-bob and M-siobhan'],
  ])('replaces %s', (_what, input, expected) => {
    expect(index.replace(input)).toBe(expected);
  });

  it.each([
    ['a last name alone', 'Mr Bloggs wrote'],
    ['a first name alone', 'Robert wrote'],
    ['a one-word name', 'Cher sang'],
    ['words that merely contain the name', 'Roberta Bloggsworth'],
    ['the words apart', 'Robert and Bloggs'],
    ['an empty text', ''],
  ])('leaves %s alone', (_what, input) => {
    expect(index.replace(input)).toBe(input);
  });
});

describe('identifierRedactor', () => {
  const redact = identifierRedactor({
    email: 'Ann.Example@mail.test',
    phone: '07700 900111',
    membershipNumber: 'L100001',
  });

  it.each([
    ['the email, any case', 'wrote from ann.example@MAIL.test today', 'wrote from [redacted] today'],
    ['the phone as stored', 'call 07700 900111.', 'call [redacted].'],
    ['the phone without spaces', 'call 07700900111', 'call [redacted]'],
    ['the phone in international form', 'call +44 7700 900111', 'call [redacted]'],
    ['the phone with dashes', 'call 07700-900-111', 'call [redacted]'],
    ['the membership number', 'member l100001 since 2001', 'member [redacted] since 2001'],
    ['another phone number', 'call 07700 900222', 'call [redacted]'],
    ['another membership number', 'ref L1000012', 'ref [redacted]'],
  ])('replaces %s', (_what, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['a short number', 'room 900222'],
    ['a date', 'on 2024-01-15 and 15.01.2024'],
    ['a case reference', 'see CL-2024-0001'],
    ['plain text', 'nothing'],
  ])('leaves %s alone', (_what, input) => {
    expect(redact(input)).toBe(input);
  });

  it('is part of the case redactor', () => {
    const r = caseRedactor(SECRET, { ...ANN, email: 'ann@x.test', phone: null, membershipNumber: null });
    expect(r("Ann's address ann@x.test")).toBe(`${P}'s address [redacted]`);
  });
});
