import { Rng } from './random';

export type Role = 'admin' | 'caseworker' | 'coordinator' | 'researcher';
/** Who sends a request: a role's bearer token, or none. */
export type Caller = Role | 'anonymous';
export const CALLERS: Caller[] = ['admin', 'caseworker', 'coordinator', 'researcher', 'anonymous'];

/**
 * What the fuzzer knows about the server's data: real ids per kind (from the fixtures and from
 * every answer since), the case each child record belongs to, and the last version seen of each
 * record, so that valid requests can name real records at their current version.
 */
export class World {
  private readonly ids = new Map<string, string[]>();
  private readonly parents = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private seq = 0;

  constructor(
    readonly rng: Rng,
    /** The per-role users: never offered as targets of PATCH /api/users (the run needs them). */
    readonly users: Record<Role, string>,
    public calendarToken: string,
  ) {}

  /** A number unique within the run (emails, membership numbers, file contents). */
  next(): number {
    return ++this.seq;
  }

  add(kind: string, id: string, parentCaseId?: string): void {
    if (Object.values(this.users).includes(id)) return;
    const list = this.ids.get(kind) ?? [];
    if (!list.includes(id)) {
      list.push(id);
      // Keep the pools small: newer records are as good as older ones.
      if (list.length > 200) list.splice(0, list.length - 200);
    }
    this.ids.set(kind, list);
    if (parentCaseId) this.parents.set(id, parentCaseId);
  }

  /** A real id of this kind (one of the case's own when there is one), or a fresh UUID. */
  pick(kind: string, caseId?: string): string {
    const list = this.ids.get(kind) ?? [];
    const own = caseId ? list.filter((id) => this.parents.get(id) === caseId) : [];
    if (own.length) return this.rng.pick(own);
    return list.length ? this.rng.pick(list) : this.rng.uuid();
  }

  anyId(): string {
    const kinds = [...this.ids.keys()];
    return kinds.length ? this.pick(this.rng.pick(kinds)) : this.rng.uuid();
  }

  parentOf(id: string): string | undefined {
    return this.parents.get(id);
  }

  versionOf(id: string | undefined): number {
    return (id && this.versions.get(id)) || 1;
  }

  /**
   * Learns ids and versions from a 2xx JSON answer: `kind` names what the route returns (a
   * created record, or the items of a list); every object with an id and a version updates the
   * version seen.
   */
  learn(kind: string | undefined, body: unknown, parentCaseId?: string): void {
    if (!body || typeof body !== 'object') return;
    const record = body as { id?: unknown; items?: unknown; caseId?: unknown };
    const items = Array.isArray(body) ? body : Array.isArray(record.items) ? record.items : [body];
    if (kind) {
      for (const item of items as { id?: unknown; caseId?: unknown }[]) {
        if (item && typeof item.id === 'string') {
          this.add(kind, item.id, typeof item.caseId === 'string' ? item.caseId : parentCaseId);
        }
      }
    }
    let budget = 2000;
    const walk = (value: unknown, depth: number) => {
      if (!value || typeof value !== 'object' || depth > 5 || --budget < 0) return;
      if (Array.isArray(value)) return value.forEach((v) => walk(v, depth + 1));
      const o = value as Record<string, unknown>;
      if (typeof o.id === 'string' && typeof o.version === 'number') this.versions.set(o.id, o.version);
      if (typeof o.memberId === 'string') this.add('member', o.memberId);
      for (const v of Object.values(o)) walk(v, depth + 1);
    };
    walk(body, 0);
  }
}
