import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** The status Node itself would answer for a request its HTTP parser refused. */
export function clientErrorStatus(code: string | undefined): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

/** The raw HTTP answer, with the API's error shape as its body. */
export function clientErrorResponse(status: number): string {
  const body = JSON.stringify({
    statusCode: status,
    message: STATUS_CODES[status],
    error: STATUS_CODES[status],
  });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** How long a connection that was answered with an error may go on sending before it is closed. */
const DRAIN_MS = 5_000;

/**
 * Requests that Node's HTTP parser refuses (headers or URL over the size limit, malformed
 * request lines) never reach Express: Node answers them with an empty body. Answer them in the
 * API's JSON error shape instead, as every other 4xx is.
 *
 * The client may still be sending (a large body behind a refused header). Closing the connection
 * with its bytes unread makes the kernel reset it, and a client that has not read the answer yet
 * loses it. So the answer is sent, the rest of what the client sends is read and dropped (the
 * parser goes on refusing it: those errors are ignored), and the connection closes once the
 * client has closed its side, or after DRAIN_MS.
 */
export function answerClientErrorsAsJson(server: Server): void {
  const answered = new WeakSet<Duplex>();
  server.on(
    'clientError',
    (err: Error & { code?: string }, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }) => {
      if (answered.has(socket)) return; // the rest of a request already answered
      // As Node's own handler: nothing to say on a reset socket, or mid-way through another answer.
      if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
        socket.destroy();
        return;
      }
      answered.add(socket);
      socket.end(clientErrorResponse(clientErrorStatus(err.code)));
      // Node's parser goes on reading what the client sends (and refusing it, above).
      setTimeout(() => socket.destroy(), DRAIN_MS).unref();
    },
  );
}
