import { formatSize, uploadRefusal } from './upload-outcome';

describe('upload refusals', () => {
  it('says why, in the server’s words', () => {
    expect(
      uploadRefusal(415, { message: 'file is of a type that is not accepted (application/x-msdownload)' }),
    ).toEqual({
      message: 'Type not accepted: file is of a type that is not accepted (application/x-msdownload)',
    });
    expect(uploadRefusal(413, { message: 'file is larger than 50 MiB' }).message).toBe(
      'Too large: file is larger than 50 MiB',
    );
    expect(
      uploadRefusal(400, { message: ['description must not be longer than 2000 characters'] }).message,
    ).toBe('description must not be longer than 2000 characters');
  });
  it('links a duplicate to the file already there', () => {
    expect(uploadRefusal(409, { message: 'This file is already attached', existingId: 'e1' })).toEqual({
      message: 'Already on this case: This file is already attached',
      existingId: 'e1',
    });
  });
  it('says something when the body is empty', () => {
    expect(uploadRefusal(413, null).message).toMatch(/^Too large: /);
  });
});

describe('file sizes', () => {
  it('reads as people say it', () => {
    expect(formatSize(12)).toBe('12 bytes');
    expect(formatSize(3400)).toBe('3.4 KB');
    expect(formatSize(340_000)).toBe('340 KB');
    expect(formatSize(1_200_000)).toBe('1.2 MB');
  });
});
