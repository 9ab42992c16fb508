import { apiFilters, parseCaseFilters, writeCaseFilters } from './case-filter-params';

describe('case filter params', () => {
  it('reads repeatable and text filters from the URL, dropping what it cannot understand', () => {
    const params = new URLSearchParams(
      'status=intake&status=bogus&status=upheld&actionType=expulsion&region=%20North%20&from=2026-01-01&to=junk&issuingBody=',
    );
    expect(parseCaseFilters(params)).toEqual({
      status: ['intake', 'upheld'],
      actionType: ['expulsion'],
      region: 'North',
      from: '2026-01-01',
    });
  });

  it('writes the filters back, keeping other keys and leaving out blanks', () => {
    const written = writeCaseFilters(
      { status: ['intake'], actionType: [], region: 'North', constituencyParty: ' ', to: '2026-02-01' },
      new URLSearchParams('format=csv&status=closed&region=South'),
    );
    expect(written.toString()).toBe('format=csv&status=intake&region=North&to=2026-02-01');
  });

  it('round-trips through the URL', () => {
    const filters = parseCaseFilters(
      new URLSearchParams('status=intake&actionType=suspension&actionType=expulsion&issuingBody=NEC'),
    );
    expect(parseCaseFilters(writeCaseFilters(filters))).toEqual(filters);
  });

  it('gives the API only the filters that are set', () => {
    expect(apiFilters({ status: [], actionType: ['expulsion'], region: 'North' })).toEqual({
      actionType: ['expulsion'],
      region: 'North',
    });
  });
});
