import { pickEncoding } from './web-app';

describe(pickEncoding.name, () => {
  const both = () => true;

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['GZIP;q=0.5, identity', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.0, gzip;q=1', 'gzip'],
  ])('answers %s with %s', (accept, expected) => {
    expect(pickEncoding(accept, both)?.encoding).toBe(expected);
  });

  it.each([undefined, '', 'identity', 'deflate', 'br;q=0, gzip;q=0'])(
    'sends the plain file for %p',
    (accept) => {
      expect(pickEncoding(accept, both)).toBeNull();
    },
  );

  it('falls back to gzip when the .br file is missing, and to the plain file when both are', () => {
    expect(pickEncoding('br, gzip', (suffix) => suffix === '.gz')?.encoding).toBe('gzip');
    expect(pickEncoding('br, gzip', () => false)).toBeNull();
  });
});
