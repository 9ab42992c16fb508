import busboy from 'busboy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { DomainError } from '../http/domain-error';
import { ContentTooLargeError, EvidenceStorage, PendingContent } from './storage/evidence-storage';

export interface ReceivedUpload {
  /** The non-file parts, by name (each at most once). */
  fields: Record<string, string>;
  /** The file name the client gave (unsanitised). */
  filename: string;
  content: PendingContent;
}

export interface ReceiveOptions {
  storage: EvidenceStorage;
  maxBytes: number;
  /** Name of the one file part. */
  fileField: string;
  observe?: (chunk: Buffer) => void;
}

export const MAX_FIELDS = 10;
export const MAX_FIELD_BYTES = 8 * 1024;
const STREAM_BUFFER_BYTES = 1024 * 1024;
/** After a refusal, at most this much of the rest of the body is read and thrown away... */
const LINGER_BYTES = 32 * 1024 * 1024;
/** ...for at most this long. */
const LINGER_MS = 3000;
/** How long a refused upload waits for its temp file to be removed before it is answered anyway. */
const CLEANUP_WAIT_MS = 5_000;

/** The upload stopped because the client went away; nobody is left to answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('client closed the connection during the upload');
    this.name = 'ClientGoneError';
  }
}

const invalid = (message: string) => new DomainError('INVALID', message);

/**
 * Streams one multipart/form-data upload: the file part goes straight into storage (never held
 * in memory), the other parts are small bounded strings. Resolves once the whole request has
 * been read and the content is pending in storage. On any failure the pending content is
 * discarded and nothing more of the request is parsed or stored (see stopReading).
 */
export function receiveUpload(req: IncomingMessage, options: ReceiveOptions): Promise<ReceivedUpload> {
  return new Promise<ReceivedUpload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // Bigger buffers than the 16 KiB default: fewer pause/resume turns on large uploads.
        highWaterMark: STREAM_BUFFER_BYTES,
        fileHwm: STREAM_BUFFER_BYTES,
        limits: {
          files: 1,
          fields: MAX_FIELDS,
          parts: MAX_FIELDS + 1,
          fieldSize: MAX_FIELD_BYTES,
          fieldNameSize: 100,
          headerPairs: 50,
          // Our own meter stops at maxBytes; this is only a backstop.
          fileSize: options.maxBytes + 1,
        },
      });
    } catch {
      reject(invalid('The body must be multipart/form-data with a file part'));
      return;
    }

    const fields: Record<string, string> = {};
    let fileStream: Readable | undefined;
    let filename = '';
    let stored: Promise<PendingContent> | undefined;
    let content: PendingContent | undefined;
    let parsed = false;
    let settled = false;

    /**
     * Nothing more is parsed or stored. Like nginx's lingering close, what the client still has in
     * flight is read and thrown away — at most LINGER_BYTES for at most LINGER_MS — before the
     * answer goes out, so a client that sends its whole body before reading still sees the answer.
     * Past either bound the connection is closed after the answer.
     */
    const stopReading = () =>
      new Promise<void>((done) => {
        req.unpipe(parser);
        if (req.complete || req.destroyed) return done();
        const res = (req as IncomingMessage & { res?: ServerResponse }).res;
        let discarded = 0;
        const giveUp = () => {
          if (res && !res.headersSent) res.setHeader('Connection', 'close');
          req.pause();
          finished();
        };
        const onData = (chunk: Buffer) => {
          discarded += chunk.length;
          if (discarded > LINGER_BYTES) giveUp();
        };
        const timer = setTimeout(giveUp, LINGER_MS);
        const finished = () => {
          clearTimeout(timer);
          req.off('data', onData);
          req.off('end', finished);
          req.off('close', finished);
          done();
        };
        req.on('data', onData);
        req.once('end', finished);
        req.once('close', finished);
        req.resume();
      });

    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      // Stops storage mid-write; its error is already handled there (or it has finished).
      if (fileStream && !fileStream.destroyed) fileStream.destroy(err);
      // The pending content (if any) is discarded once storage has settled (a failed put removes
      // its own temp file), and only then is the request answered: a refused upload has left
      // nothing on disk by the time its client hears of it.
      const cleanedUp = stored
        ? stored
            .then(
              (c) => c.discard(),
              () => undefined,
            )
            .catch(() => undefined)
        : Promise.resolve();
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((done) => (timer = setTimeout(done, CLEANUP_WAIT_MS)));
      parser.removeAllListeners('file');
      parser.on('error', () => undefined);
      void Promise.all([stopReading(), Promise.race([cleanedUp, bounded])]).then(() => {
        clearTimeout(timer);
        reject(err);
      });
    };

    const finish = () => {
      if (settled || !parsed || !stored || !content) return;
      settled = true;
      resolve({ fields, filename, content });
    };

    parser.on('file', (name, stream, info) => {
      // An error on a part we stopped (or already stored) must never be unhandled.
      stream.on('error', () => undefined);
      if (name !== options.fileField) {
        stream.resume();
        return fail(invalid(`${name} must not be a file (only ${options.fileField} is)`));
      }
      if (stored) {
        stream.resume();
        return fail(invalid(`${options.fileField} must be a single file`));
      }
      fileStream = stream;
      filename = info.filename ?? '';
      stored = options.storage.put(stream, { maxBytes: options.maxBytes, observe: options.observe });
      stored.then(
        (c) => {
          content = c;
          if (settled) void c.discard();
          else finish();
        },
        (err: Error) =>
          fail(
            err instanceof ContentTooLargeError
              ? new DomainError(
                  'TOO_LARGE',
                  `${options.fileField} must not be larger than ${err.maxBytes} bytes`,
                  {
                    maxBytes: err.maxBytes,
                  },
                )
              : err,
          ),
      );
    });
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated) return fail(invalid('a field name is too long'));
      if (info.valueTruncated)
        return fail(invalid(`${name} must not be longer than ${MAX_FIELD_BYTES} bytes`));
      if (name === options.fileField) return fail(invalid(`${name} must be a file`));
      if (Object.prototype.hasOwnProperty.call(fields, name))
        return fail(invalid(`${name} must be given once`));
      fields[name] = value;
    });
    parser.on('filesLimit', () => fail(invalid(`${options.fileField} must be a single file`)));
    parser.on('fieldsLimit', () => fail(invalid(`at most ${MAX_FIELDS} fields are allowed`)));
    parser.on('partsLimit', () => fail(invalid(`at most ${MAX_FIELDS + 1} parts are allowed`)));
    parser.on('error', (err: Error) => fail(invalid(`malformed multipart body: ${err.message}`)));
    parser.on('close', () => {
      parsed = true;
      if (!stored) return fail(invalid(`${options.fileField} is required`));
      finish();
    });
    req.on('error', () => fail(new ClientGoneError()));
    req.on('close', () => {
      if (!req.complete) fail(new ClientGoneError());
    });
    req.pipe(parser);
  });
}
