import { requestIdFor } from './request-id.middleware';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it.each(['abcd1234', 'trace-abc_123:4.5', 'x'.repeat(64), '0b7c6a47-2d7e-4c71-9a50-3b9ef0d6a000'])(
    'keeps the sane id %p',
    (id) => {
      expect(requestIdFor(id)).toBe(id);
    },
  );

  it.each([
    undefined,
    '',
    'short',
    'x'.repeat(65),
    'has space',
    'new\nline',
    '<script>',
    'a;b',
    'ünïcode-id',
  ])('replaces %p with a UUID', (id) => {
    expect(requestIdFor(id)).toMatch(UUID);
  });

  it('takes the first of repeated headers when it is sane', () => {
    expect(requestIdFor(['first-id-1', 'second-id-2'])).toBe('first-id-1');
    expect(requestIdFor(['bad id', 'second-id-2'])).toMatch(UUID);
  });
});
