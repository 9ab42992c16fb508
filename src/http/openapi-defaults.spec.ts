import { documentStandardErrors } from './openapi-defaults';

const op = (extra: Record<string, unknown> = {}) => ({
  responses: { '200': { description: 'ok' } },
  ...extra,
});

describe(documentStandardErrors.name, () => {
  it('adds 400 where a body or query is validated and 400 + 404 where a path names a record', () => {
    const doc = documentStandardErrors({
      paths: {
        '/a': { post: op({ requestBody: {} }), get: op({ parameters: [{ in: 'query' }] }) },
        '/a/{id}': { patch: op({ parameters: [{ in: 'path' }] }) },
        '/b': { get: op() },
      },
    });
    const codes = (path: string, method: string) =>
      Object.keys((doc.paths[path][method] as { responses: object }).responses).sort();
    expect(codes('/a', 'post')).toEqual(['200', '400']);
    expect(codes('/a', 'get')).toEqual(['200', '400']);
    expect(codes('/a/{id}', 'patch')).toEqual(['200', '400', '404']);
    expect(codes('/b', 'get')).toEqual(['200']);
  });

  it("keeps a route's own descriptions", () => {
    const doc = documentStandardErrors({
      paths: {
        '/a/{id}': {
          get: op({
            parameters: [{ in: 'path' }],
            responses: { '200': { description: 'ok' }, '404': { description: 'No such case' } },
          }),
        },
      },
    });
    expect((doc.paths['/a/{id}'].get as { responses: Record<string, unknown> }).responses['404']).toEqual({
      description: 'No such case',
    });
  });

  it('ignores path-level keys that are not operations', () => {
    const doc = { paths: { '/a/{id}': { parameters: [{ in: 'path' }] as unknown, get: op() } } };
    expect(() => documentStandardErrors(doc)).not.toThrow();
  });
});
