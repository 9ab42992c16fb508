import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit entry that its hash covers (everything except id and hash). */
export interface ChainedFields {
  at: string;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
  clientAddress: string | null;
  details: string;
  prevHash: string;
}

/** JSON with keys sorted at every level, so the same value always serialises to the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(fields: ChainedFields): string {
  // Exactly these fields, whatever else the object carries (id, hash).
  const covered = {
    at: fields.at,
    actorId: fields.actorId,
    action: fields.action,
    entityType: fields.entityType,
    entityId: fields.entityId,
    requestId: fields.requestId,
    clientAddress: fields.clientAddress,
    details: fields.details,
  };
  return createHash('sha256')
    .update(fields.prevHash)
    .update('\n')
    .update(canonicalJson(covered))
    .digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  firstBrokenId: number | null;
}

/**
 * Walks a chain in id order. A changed row breaks its own hash; a deleted row breaks the next
 * row's prevHash; a deleted tail is caught by comparing with the stored head.
 */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private count = 0;
  private broken: number | null = null;
  private lastId = 0;

  push(entry: ChainedFields & { id: number; hash: string }): void {
    this.count++;
    this.lastId = entry.id;
    if (this.broken !== null) return;
    if (entry.prevHash !== this.prev || entryHash(entry) !== entry.hash) this.broken = entry.id;
    this.prev = entry.hash;
  }

  result(head?: { lastId: number; lastHash: string; entries: number }): ChainCheck {
    let broken = this.broken;
    if (
      broken === null &&
      head &&
      (head.lastId !== this.lastId || head.lastHash !== this.prev || head.entries !== this.count)
    ) {
      // The newest entries were removed (or rows added outside the chain): the break is after the last good one.
      broken = this.lastId + 1;
    }
    return { ok: broken === null, entries: this.count, firstBrokenId: broken };
  }
}
