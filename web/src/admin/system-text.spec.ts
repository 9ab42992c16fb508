import { formatBytes } from './system-text';

describe('formatBytes', () => {
  it('says bytes below a kilobyte and one decimal above', () => {
    expect([0, 1023, 1536, 5 * 1024 ** 2, 3.25 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 bytes',
      '1023 bytes',
      '1.5 KB',
      '5.0 MB',
      '3.3 GB',
    ]);
  });
});
