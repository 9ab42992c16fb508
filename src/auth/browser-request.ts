import type { Request } from 'express';
import { ownOrigins } from './session-rules';

/** What the session rules need to know of a request. */
export interface BrowserRequest {
  clientAddress: string;
  /** HTTPS, as express sees it behind TRUST_PROXY (X-Forwarded-Proto from a trusted proxy). */
  secure: boolean;
  origin?: string;
  secFetchSite?: string;
  /** The origins of the app itself. */
  origins: string[];
}

export function browserRequest(req: Request, publicUrl: string | undefined): BrowserRequest {
  return {
    clientAddress: req.ip ?? 'unknown',
    secure: req.secure,
    origin: req.get('origin'),
    secFetchSite: req.get('sec-fetch-site'),
    origins: ownOrigins(publicUrl, req.protocol, req.get('host')),
  };
}
