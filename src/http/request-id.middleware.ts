import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from './request-context';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** A client's x-request-id is kept when it is a sane token, else one is generated. */
export function requestIdFor(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = requestIdFor(req.headers['x-request-id']);
  (req as Request & { id: string }).id = requestId;
  res.setHeader('x-request-id', requestId);
  if (req.path.startsWith('/api')) res.setHeader('Cache-Control', 'no-store');
  requestContext.run({ requestId, clientAddress: req.ip }, next);
}
