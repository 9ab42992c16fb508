import fc from 'fast-check';
import { foldText, memberNameForms, memberRedactor, REDACTED_IDENTIFIER } from './pseudonymise';

/**
 * Pseudonymisation against the ways names and identifiers really appear in text and file names
 * (PRODUCT.md, "People and their data"). The property tests generate names, write them the ways
 * people do, bury them in generated text and check the folded output (lower case, no accents,
 * letters and digits only) for any of the name's letters.
 */

const P = 'M-5e3a1c0b9d';
const MARGARET = {
  id: 'member-1',
  fullName: "Margaret O'Brien",
  email: 'margaret.obrien@example.org',
  phone: '+44 7700 900123',
  membershipNumber: 'L123456',
};
const redactMargaret = memberRedactor(MARGARET, P);

describe('pseudonymisation of the cases that leaked', () => {
  it.each([
    [
      'an evidence file name',
      'Evidence added: margaret_obrien_l123456.txt',
      `Evidence added: ${P}_[redacted].txt`,
    ],
    ['the same file as PDF', 'margaret_obrien_l123456.pdf', `${P}_[redacted].pdf`],
    ['the name run together, camel-cased', 'MargaretOBrien wrote…', `${P} wrote…`],
    ['the name run together, lower case', 'from margaretobrien today', `from ${P} today`],
    ['an initial and the surname joined by a dot', 'm.obrien replied', `${P} replied`],
    ['an initial with a dot', "M. O'Brien replied", `${P} replied`],
    ['an initial without a dot', "M O'Brien replied", `${P} replied`],
    ['a possessive', "O'Brien's letter", `${P}'s letter`],
    ['a possessive with a typographic apostrophe', 'Margaret O’Brien’s letter', `${P}’s letter`],
    ['the family', "the O'Briens came", `the ${P} came`],
    ['Surname, First', "O'Brien, Margaret (member)", `${P} (member)`],
    ['Surname, Initial', "O'Brien, M. wrote", `${P}. wrote`],
    ['upper case', "MARGARET O'BRIEN", P],
    ['accents the name does not have', 'Márgarét Ó’Brién', P],
    ['hyphens', 'margaret-obrien.docx', `${P}.docx`],
    ['inside a longer file name', 'scan_margaretobrienletter.pdf', `scan_${P}letter.pdf`],
    ['the first name alone', 'Margaret called', `${P} called`],
  ])('replaces %s', (_what, input, expected) => {
    expect(redactMargaret(input)).toBe(expected);
  });

  it.each([
    ['+44 7700 900123'],
    ['07700-900-123'],
    ['0044 7700 900123'],
    ['(0)7700 900123'],
    ['+44 (0)7700 900123'],
    ['07700900123'],
    ['07700.900.123'],
    ['margaret.obrien@example.org'],
    ['MARGARET.OBRIEN@EXAMPLE.ORG'],
    ['L123456'],
    ['l123456'],
    ['L-123456'],
    ['123456'],
  ])('replaces the identifier %s wherever it stands', (identifier) => {
    for (const text of [identifier, `call ${identifier} now`, `file_${identifier}.pdf`, `(${identifier})`]) {
      const out = redactMargaret(text);
      expect(out).toContain(REDACTED_IDENTIFIER);
      expect(out).not.toMatch(/\d|@/);
    }
  });

  it('replaces aliases like the full name', () => {
    const redact = memberRedactor({ ...MARGARET, aliases: ['Maggie Smith', "O'Brien-Smith, Peggy"] }, P);
    expect(redact('Maggie wrote to maggie_smith and PeggyOBrienSmith; Smith replied')).toBe(
      `${P} wrote to ${P} and ${P}; ${P} replied`,
    );
  });

  it('lists the forms of a name, longest first', () => {
    expect(memberNameForms(["Margaret O'Brien"]).map((f) => f.folded)).toEqual(
      expect.arrayContaining([
        'margaretobrien',
        'obrienmargaret',
        'mobrien',
        'obrienm',
        'margaret',
        'obrien',
      ]),
    );
    const forms = memberNameForms(['Maria de la Cruz-Smith']).map((f) => f.folded);
    expect(forms).toEqual(
      expect.arrayContaining(['delacruzsmith', 'cruzsmith', 'cruz', 'smith', 'mcruzsmith']),
    );
    expect(forms).not.toContain('de');
    expect(forms).not.toContain('la');
  });

  it.each([
    // Ordinary words that begin or end with a name stay: a name needs a word boundary.
    ['Annual Meeting', 'Ann Example'],
    ['importer', 'Mo Porter'],
    ['Joann Example', 'Ann Example'],
  ])('leaves %j alone for %s', (text, fullName) => {
    expect(memberRedactor({ id: 'x', fullName }, P)(text)).toBe(
      text === 'Joann Example' ? `Joann ${P}` : text,
    );
  });

  it('leaves dates, references and short numbers alone', () => {
    const text = 'On 2024-01-15 (15.01.2024) case CL-2024-0001 page 12, 300 members';
    expect(redactMargaret(text)).toBe(text);
  });
});

// ---------------------------------------------------------------------------------------------
// Generated names

/** Stands in for the pseudonym: no letters or digits, so the folded output holds only what stayed. */
const MARK = '■';

const ONSETS = [
  'b',
  'br',
  'c',
  'ch',
  'd',
  'f',
  'g',
  'gr',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  'sh',
  't',
  'th',
  'v',
  'w',
  'z',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io'];
const ACCENTED: Record<string, string[]> = {
  a: ['á', 'à', 'ä', 'å'],
  e: ['é', 'è', 'ë'],
  i: ['í', 'ï'],
  o: ['ó', 'ö', 'ø'],
  u: ['ú', 'ü'],
  c: ['ç'],
  n: ['ñ'],
  l: ['ł'],
  z: ['ż'],
  s: ['ś'],
};

/**
 * One part of a name: two or three syllables, so 4 letters or more, some accented. Why not any
 * string: a part of one or two letters ("Al", "Jo") is inside countless ordinary words
 * ("also", "join"), and the check below (its letters must not occur in the folded output) could
 * not tell the name from the word; such names are covered by the table tests instead. A part
 * that the generated text holds anyway (e.g. "ring" in "hearing") is skipped by fc.pre.
 */
const namePart = fc
  .array(
    fc.record({ onset: fc.constantFrom(...ONSETS), vowel: fc.constantFrom(...VOWELS), accent: fc.nat(8) }),
    { minLength: 2, maxLength: 3 },
  )
  .map((syllables) => {
    const word = syllables
      .map(({ onset, vowel, accent }) => {
        const letters = onset + vowel;
        const i = accent % letters.length;
        const choices = ACCENTED[letters[i]];
        // About a third of the letters that can carry an accent do.
        if (!choices || accent >= 3) return letters;
        return letters.slice(0, i) + choices[accent % choices.length] + letters.slice(i + 1);
      })
      .join('');
    return word[0].toUpperCase() + word.slice(1);
  });

interface GeneratedName {
  givens: string[];
  /** As written: "O'Bria", "Tham-Dosi", "van Gello", "McBrai", "Sheto". */
  surname: string;
  /** The letters a reader could recognise: every generated part (folded). */
  atoms: string[];
}

const PARTICLES = ['de', 'van', 'da', 'von', 'la'];

const generatedName: fc.Arbitrary<GeneratedName> = fc
  .record({
    givens: fc.array(namePart, { minLength: 1, maxLength: 2 }),
    shape: fc.constantFrom('plain', 'o-apostrophe', 'double', 'particle', 'mc'),
    a: namePart,
    b: namePart,
    particle: fc.constantFrom(...PARTICLES),
  })
  .map(({ givens, shape, a, b, particle }) => {
    const surname =
      shape === 'o-apostrophe'
        ? `O'${a}`
        : shape === 'double'
          ? `${a}-${b}`
          : shape === 'particle'
            ? `${particle} ${a}`
            : shape === 'mc'
              ? `Mc${a}`
              : a;
    const parts = shape === 'double' ? [...givens, a, b] : [...givens, a];
    return { givens, surname, atoms: parts.map((p) => foldText(p)) };
  });

function stripAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O');
}

const lettersOnly = (s: string) => s.replace(/[^\p{L}]/gu, '');
const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The ways a name is written (PRODUCT.md): joined, run together, reordered, with initials. */
const FORMS: Record<string, (n: GeneratedName, sep: string) => string> = {
  full: (n, sep) => [...n.givens, ...n.surname.split(' ')].join(sep),
  firstLast: (n, sep) => [n.givens[0], ...n.surname.split(' ')].join(sep),
  camel: (n) => [...n.givens, ...n.surname.split(' ')].map((w) => capitalise(lettersOnly(w))).join(''),
  surnameFirst: (n) => `${n.surname}, ${n.givens.join(' ')}`,
  surnameCommaFirst: (n) => `${n.surname}, ${n.givens[0]}`,
  initialDot: (n) => `${n.givens[0][0]}. ${n.surname}`,
  initialSpace: (n) => `${n.givens[0][0]} ${n.surname}`,
  allInitials: (n) => `${n.givens.map((g) => `${g[0]}.`).join(' ')} ${n.surname}`,
  initialJoined: (n, sep) => `${n.givens[0][0]}.${sep === ' ' ? '' : sep}${lettersOnly(n.surname)}`,
  surnameInitial: (n) => `${n.surname}, ${n.givens[0][0]}.`,
  surname: (n) => n.surname,
  first: (n) => n.givens[0],
};

const variant = fc.record({
  form: fc.constantFrom(...Object.keys(FORMS)),
  sep: fc.constantFrom(' ', '_', '.', '-', ''),
  letterCase: fc.constantFrom('as written', 'upper', 'lower'),
  accents: fc.constantFrom('kept', 'stripped'),
  possessive: fc.constantFrom('', "'s", '’s'),
  wrap: fc.constantFrom(
    ['', ''],
    ['(', ')'],
    ['"', '"'],
    ['[', ']'],
    ['*', '*'],
    ['<', '>'],
    ['', ':'],
    ['', ','],
  ),
  file: fc.constantFrom(null, '.pdf', '.txt', '.docx'),
  filePrefix: fc.constantFrom('', 'scan_', 'letter-'),
});

type Variant = typeof variant extends fc.Arbitrary<infer T> ? T : never;

/** The variant as written, and as it should come out (the name replaced by MARK). */
function write(n: GeneratedName, v: Variant): { written: string; expected: string } {
  let name = FORMS[v.form](n, v.sep);
  if (v.accents === 'stripped') name = stripAccents(name);
  if (v.letterCase === 'upper') name = name.toUpperCase();
  if (v.letterCase === 'lower') name = name.toLowerCase();
  const [open, close] = v.wrap;
  const wrap = (s: string) =>
    v.file
      ? `${open}${v.filePrefix}${s}${v.possessive}${v.file}${close}`
      : `${open}${s}${v.possessive}${close}`;
  return { written: wrap(name), expected: wrap(MARK) };
}

const FILLER = [
  'the',
  'letter',
  'hearing',
  'was',
  'sent',
  'by',
  'to',
  'notes',
  'appeal',
  'and',
  'about',
  'meeting',
  'said',
  'on',
  'file',
  'panel',
  'wrote',
];
const JOINS = [' ', ', ', '. ', '\n', '; ', ' — ', ' / '];

const segment = (n: GeneratedName) =>
  fc.oneof(
    fc.constantFrom(...FILLER).map((w) => ({ written: w, expected: w })),
    variant.map((v) => write(n, v)),
  );

const text = (n: GeneratedName) =>
  fc
    .array(fc.tuple(segment(n), fc.constantFrom(...JOINS)), { minLength: 1, maxLength: 12 })
    .map((segments) => ({
      written: segments.map(([s, j]) => s.written + j).join(''),
      expected: segments.map(([s, j]) => s.expected + j).join(''),
    }));

function fullName(n: GeneratedName): string {
  return `${n.givens.join(' ')} ${n.surname}`;
}

describe('pseudonymisation of generated names (property)', () => {
  it('leaves none of the letters of a name however it is written, in text or file names', () => {
    fc.assert(
      fc.property(
        generatedName.chain((n) => fc.tuple(fc.constant(n), text(n))),
        fc.boolean(),
        ([n, t], storedWithoutAccents) => {
          const stored = storedWithoutAccents ? stripAccents(fullName(n)) : fullName(n);
          const expected = foldText(t.expected);
          // A part the rest of the text holds anyway cannot be told from the name.
          fc.pre(n.atoms.every((a) => !expected.includes(a)));
          const out = foldText(memberRedactor({ id: 'm', fullName: stored }, MARK)(t.written));
          for (const atom of n.atoms) expect(out).not.toContain(atom);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('replaces an alias however it is written', () => {
    fc.assert(
      fc.property(
        generatedName,
        generatedName.chain((alias) => fc.tuple(fc.constant(alias), text(alias))),
        (n, [alias, t]) => {
          const expected = foldText(t.expected);
          fc.pre(alias.atoms.every((a) => !expected.includes(a)));
          const redact = memberRedactor({ id: 'm', fullName: fullName(n), aliases: [fullName(alias)] }, MARK);
          const out = foldText(redact(t.written));
          for (const atom of alias.atoms) expect(out).not.toContain(atom);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps text without the name as it was', () => {
    fc.assert(
      fc.property(
        generatedName,
        fc.array(fc.tuple(fc.constantFrom(...FILLER), fc.constantFrom(...JOINS)), { maxLength: 12 }),
        (n, words) => {
          const plain = words.map(([w, j]) => w + j).join('');
          fc.pre(n.atoms.every((a) => !foldText(plain).includes(a)));
          expect(memberRedactor({ id: 'm', fullName: fullName(n) }, MARK)(plain)).toBe(plain);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Generated identifiers

const digits = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));

/** A UK mobile number without its trunk 0 ("7700900123"), in the ways people write it. */
const PHONE_FORMATS: ((n: string) => string)[] = [
  (n) => `+44 ${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `+44 (0)${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `(0)${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `0${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `0${n.slice(0, 4)}-${n.slice(4, 7)}-${n.slice(7)}`,
  (n) => `0044 ${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `0044${n}`,
  (n) => `+44${n}`,
  (n) => `0${n}`,
  (n) => `(0${n.slice(0, 4)}) ${n.slice(4, 7)} ${n.slice(7)}`,
  (n) => `0${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`,
  (n) => `0${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`,
  (n) => `${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `tel:+44-${n}`,
];

const phone = fc.record({
  national: digits(9).map((d) => `7${d}`),
  format: fc.nat(PHONE_FORMATS.length - 1),
});

const MEMBERSHIP_FORMATS: ((letter: string, number: string) => string)[] = [
  (l, d) => `${l}${d}`,
  (l, d) => `${l.toLowerCase()}${d}`,
  (l, d) => `${l}-${d}`,
  (l, d) => `${l} ${d}`,
  (l, d) => `no_${l.toLowerCase()}${d}.pdf`,
  (l, d) => `${l.toLowerCase()}${d}notes`,
];

const membership = fc.record({
  letter: fc.constantFrom('L', 'A', 'M', 'X'),
  number: digits(6).filter((d) => !d.startsWith('0')),
  format: fc.nat(MEMBERSHIP_FORMATS.length - 1),
});

const email = fc
  .record({
    local: fc.stringMatching(/^[a-z]{2,8}(\.[a-z]{2,8})?$/),
    domain: fc.constantFrom('example.org', 'mail.test', 'party.org.uk', 'x'),
    upper: fc.boolean(),
    wrap: fc.constantFrom(['', ''], ['<', '>'], ['mailto:', ''], ['(', ')']),
  })
  .map(({ local, domain, upper, wrap: [open, close] }) => {
    const address = `${local}@${domain}`;
    return { stored: address, written: `${open}${upper ? address.toUpperCase() : address}${close}` };
  });

describe('pseudonymisation of generated identifiers (property)', () => {
  it("leaves no digit and no address of the member's or anyone's email, phone or membership number", () => {
    fc.assert(
      fc.property(
        phone,
        fc.nat(PHONE_FORMATS.length - 1),
        membership,
        fc.nat(MEMBERSHIP_FORMATS.length - 1),
        email,
        fc.array(fc.oneof(phone, membership, email), { maxLength: 4 }),
        fc.array(fc.constantFrom(...FILLER), { minLength: 1, maxLength: 6 }),
        (memberPhone, writtenAs, number, numberWrittenAs, address, others, words) => {
          const member = {
            id: 'm',
            fullName: 'Xyzzy Quux',
            phone: PHONE_FORMATS[memberPhone.format](memberPhone.national),
            membershipNumber: `${number.letter}${number.number}`,
            email: address.stored,
          };
          const identifiers = [
            PHONE_FORMATS[writtenAs](memberPhone.national),
            MEMBERSHIP_FORMATS[numberWrittenAs](number.letter, number.number),
            address.written,
            ...others.map((o) =>
              'national' in o
                ? PHONE_FORMATS[o.format](o.national)
                : 'letter' in o
                  ? MEMBERSHIP_FORMATS[o.format % 4](o.letter, o.number)
                  : o.written,
            ),
          ];
          const input = words.map((w, i) => `${w} ${identifiers[i % identifiers.length]}`).join(', ');
          const withAll = `${input}; ${identifiers.join(' and ')}`;
          const out = memberRedactor(member, MARK)(withAll);
          expect(out).not.toMatch(/[0-9@]/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
