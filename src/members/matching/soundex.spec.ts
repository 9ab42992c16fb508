import { soundex } from './soundex';

describe('soundex', () => {
  it.each([
    ['robert', 'R163'],
    ['rupert', 'R163'],
    ['rubin', 'R150'],
    ['ashcraft', 'A261'],
    ['tymczak', 'T522'],
    ['pfister', 'P236'],
    ['obrien', 'O165'],
    ['obrian', 'O165'],
    ['smith', 'S530'],
    ['smyth', 'S530'],
    ['lee', 'L000'],
    ['', ''],
  ])('codes %p as %p', (word, code) => {
    expect(soundex(word)).toBe(code);
  });
});
