import { Agent, IncomingHttpHeaders, request } from 'node:http';

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Set when the answer did not arrive whole: a socket error, an abort, or fewer bytes than announced. */
  cutOff?: string;
}

/**
 * Sends one request and reads the whole answer, noting whether it arrived complete: the HTTP
 * parser marks a response complete only after the announced Content-Length or the final chunk of
 * a chunked body, so a server that destroys the socket mid-stream is caught here.
 */
export function send(baseUrl: string, agent: Agent, req: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (res: FuzzResponse) => {
      if (!settled) {
        settled = true;
        resolve(res);
      }
    };
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: req.body ? { 'content-length': String(req.body.length), ...req.headers } : req.headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let error: string | undefined;
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => (error = `response error: ${e.message}`));
        res.on('close', () => {
          const body = Buffer.concat(chunks);
          const length = res.headers['content-length'];
          let cutOff =
            error ?? (res.complete ? undefined : 'the connection closed before the response was complete');
          if (!cutOff && length !== undefined && req.method !== 'HEAD' && Number(length) !== body.length) {
            cutOff = `Content-Length ${length} but ${body.length} bytes arrived`;
          }
          settle({ status: res.statusCode ?? 0, headers: res.headers, body, cutOff });
        });
      },
    );
    // A server may answer (413, 400) before it has read a large body and then close: the answer
    // is what counts, so a write error after it is not a failure.
    r.on('error', (e) =>
      settle({ status: 0, headers: {}, body: Buffer.alloc(0), cutOff: `request failed: ${e.message}` }),
    );
    r.end(req.body);
  });
}
