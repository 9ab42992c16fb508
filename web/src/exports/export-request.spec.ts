import {
  describeFilters,
  downloadNowUrl,
  exportBody,
  formatBytes,
  parseExportChoice,
  writeExportChoice,
} from './export-request';

describe('export request', () => {
  it('forces pseudonymisation for a researcher whatever the URL says', () => {
    const params = new URLSearchParams('format=json&pseudonymise=false');
    expect(parseExportChoice(params, 'researcher')).toEqual({
      format: 'json',
      pseudonymise: true,
      includeSuperseded: false,
    });
    expect(parseExportChoice(params, 'coordinator').pseudonymise).toBe(false);
  });

  it('falls back to CSV, pseudonymised, for an unknown format', () => {
    expect(parseExportChoice(new URLSearchParams('format=xls'), 'coordinator')).toEqual({
      format: 'csv',
      pseudonymise: true,
      includeSuperseded: false,
    });
  });

  it('writes only what differs from the defaults into the URL', () => {
    const params = writeExportChoice(
      { format: 'csv', pseudonymise: false, includeSuperseded: false },
      new URLSearchParams('region=North&format=json'),
    );
    expect(params.toString()).toBe('region=North&pseudonymise=false');
  });

  it('builds the background export body from the filters and the choice', () => {
    expect(
      exportBody(
        { status: ['upheld'], actionType: [], region: 'North', from: '2026-01-01' },
        { format: 'ndjson', pseudonymise: true, includeSuperseded: true },
      ),
    ).toEqual({
      format: 'ndjson',
      filters: { status: ['upheld'], region: 'North', from: '2026-01-01', includeSuperseded: true },
      pseudonymise: true,
      bom: false,
    });
  });

  it('links the streamed download with the same filters', () => {
    expect(
      downloadNowUrl(
        { status: ['intake', 'upheld'], actionType: ['expulsion'], to: '2026-02-01' },
        { format: 'csv', pseudonymise: false, includeSuperseded: false },
      ),
    ).toBe(
      '/api/exports/timeline?format=csv&status=intake&status=upheld&actionType=expulsion&to=2026-02-01&pseudonymise=false',
    );
  });

  it('describes the filters in words', () => {
    expect(describeFilters({})).toBe('All cases');
    expect(describeFilters({ status: ['upheld'], region: 'North', from: '2026-01-01' })).toBe(
      'Status: Upheld; Region: North; From 2026-01-01',
    );
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(null)).toBe('');
  });
});
