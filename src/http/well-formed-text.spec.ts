import { textProblems } from './well-formed-text';

describe('textProblems', () => {
  it('accepts well-formed text, surrogate pairs (emoji) included, and non-text values', () => {
    expect(
      textProblems({
        name: 'José 🙂 𝄞',
        n: 3,
        ok: true,
        none: null,
        tags: ['a', 'b'],
        member: { email: 'a@b.c' },
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'a lone high surrogate',
      { email: 'a\ud800@example.org' },
      'email must be well-formed Unicode text (it has a lone surrogate)',
    ],
    [
      'a lone low surrogate',
      { email: '\udc00' },
      'email must be well-formed Unicode text (it has a lone surrogate)',
    ],
    [
      'a reversed pair',
      { email: '\udc00\ud800' },
      'email must be well-formed Unicode text (it has a lone surrogate)',
    ],
    [
      'a high surrogate at the end',
      { title: 'x\ud83d' },
      'title must be well-formed Unicode text (it has a lone surrogate)',
    ],
    ['NUL', { summary: 'a\u0000b' }, 'summary must not contain NUL characters'],
  ])('names the field with %s', (_what, input, message) => {
    expect(textProblems(input)).toEqual([message]);
  });

  it('names nested fields and list items by their path', () => {
    expect(textProblems({ member: { email: 'a\ud800' }, tags: ['ok', 'x\u0000'] })).toEqual([
      'member.email must be well-formed Unicode text (it has a lone surrogate)',
      'tags[1] must not contain NUL characters',
    ]);
  });

  it('refuses a property name that breaks the rule without echoing it', () => {
    expect(textProblems({ member: { 'e\ud800': 'x' } })).toEqual([
      'a property name in member is not well-formed text without NUL',
    ]);
  });

  it('walks very deep input without recursion', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(textProblems(deep)).toHaveLength(1);
  });
});
