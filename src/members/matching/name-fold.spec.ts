import { foldText, nameParts } from './name-fold';

describe('foldText', () => {
  it.each([
    ["O'Brien", 'obrien'],
    ['OBrien', 'obrien'],
    ['O Brien', 'obrien'],
    ['o’brien', 'obrien'],
    ['José', 'jose'],
    ['JOSÉ', 'jose'],
    ['Anne-Marie', 'annemarie'],
    ['Margaret  O’Brien', 'margaretobrien'],
    ['Žofie Dvořáková', 'zofiedvorakova'],
    ['Søren Øster', 'sorenoster'],
    ['Strauß', 'strauss'],
    ['M.OBrien', 'mobrien'],
    ['  ', ''],
  ])('folds %p to %p', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });
});

describe('nameParts', () => {
  it.each([
    ["Margaret O'Brien", 'margaret', 'obrien'],
    ["O'Brien, Margaret", 'margaret', 'obrien'],
    ['M. O Brien', 'm', 'obrien'],
    ['Dr Margaret Anne O’Brien', 'margaret', 'obrien'],
    ['Jan van der Berg', 'jan', 'vanderberg'],
    ['Mary Smith-Jones', 'mary', 'smithjones'],
    ['Cher', '', 'cher'],
    ['', '', ''],
  ])('takes %p apart as given %p, surname %p', (name, given, surname) => {
    const parts = nameParts(name);
    expect([parts.given, parts.surname]).toEqual([given, surname]);
  });
});
