/** The parts of an OpenAPI document this module touches (plain data: no Nest import). */
interface Operation {
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, { description: string }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/**
 * Documents the error answers every route has because of the platform, where the route does not
 * describe them itself: 400 where a body, query or path parameter is validated (the global
 * ValidationPipe, ParseUUIDPipe) and 404 where a path names a record.
 */
export function documentStandardErrors<T extends { paths: object }>(document: T): T {
  for (const byMethod of Object.values(document.paths as Record<string, Record<string, unknown>>)) {
    for (const [method, value] of Object.entries(byMethod)) {
      if (!METHODS.includes(method)) continue;
      const op = value as Operation;
      const params = op.parameters ?? [];
      const hasPath = params.some((p) => p.in === 'path');
      const validated = Boolean(op.requestBody) || params.some((p) => p.in === 'query') || hasPath;
      if (validated && !op.responses['400']) {
        op.responses['400'] = {
          description: 'Invalid input: each failing field is named (a malformed id in the path too)',
        };
      }
      if (hasPath && !op.responses['404']) op.responses['404'] = { description: 'No such record' };
    }
  }
  return document;
}
