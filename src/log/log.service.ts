import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { DomainError, notFound } from '../http/domain-error';
import { decodeLeaf, LeafDigests, LeafKind, LeafSalts } from './leaf';
import { lockLogHead } from './log-append';
import { LogCheck, LogCheckResult } from './log-check';
import {
  leafIndicesOf,
  leavesFrom,
  leavesOfRecords,
  nodeReader,
  readerOf,
  readNodes,
  unloggedRecords,
} from './log-queries';
import { LogCheckpoint, LogLeaf } from './log.entity';
import { LogWitness } from './log-witness';
import { readLogEntries } from './log-sources';
import {
  consistencyProof,
  consistencyProofNodes,
  frontierRoot,
  inclusionProof,
  inclusionProofNodes,
  NodeId,
  NodeReader,
} from './merkle';
import { NoteSigner, signCheckpoint, signerOf, verifierKeyOf } from './signed-note';

const CHECK_BATCH = 1000;
/** Node ids per query when proving many records at once (two parameters each). */
const NODE_BATCH = 400;

/** What proves one record: its leaf, the digests and salts of its fields, its inclusion proof. */
export interface RecordProof {
  leafIndex: number;
  digests: LeafDigests;
  /** Salts still kept (an erased field has none). */
  salts: LeafSalts;
  proof: Buffer[];
}

export interface LeafView {
  index: number;
  kind: LeafKind;
  recordId: string;
  leafHash: Buffer;
  version: number;
  digests: Record<string, string>;
}

/** Reads, proves and signs the log (docs/verifiable-record.md). Appends go through LogWriter. */
@Injectable()
export class LogService {
  private readonly signer: NoteSigner;

  constructor(
    private readonly reads: ReadDatabase,
    private readonly tx: TransactionService,
    private readonly witness: LogWitness,
    @Inject(ConfigService) config: TypedConfigService,
  ) {
    this.signer = signerOf(
      config.get('logOrigin', { infer: true }),
      config.get('logSigningKey', { infer: true }),
    );
  }

  /** The verifier key in the signed-note text form, for an inquiry to pin. */
  verifierKey(): string {
    return verifierKeyOf(this.signer);
  }

  private async treeSize(): Promise<number> {
    const rows = (await this.reads.source.query('SELECT tree_size FROM log_head WHERE id = 1')) as {
      tree_size: number | string;
    }[];
    return Number(rows[0]?.tree_size ?? 0);
  }

  /**
   * Reads the nodes of a proof in a tree of `size` leaves with one query, together with the last
   * leaf of that tree: a tree the log has not reached yet has no such leaf (422 naming field).
   */
  private async proofNodes(nodes: NodeId[], size: number, field: string): Promise<NodeReader> {
    const ids = [...nodes, { level: 0, index: size - 1 }];
    const hashes = await readNodes(this.reads.source.manager, ids);
    if (!hashes[hashes.length - 1]) {
      const current = await this.treeSize();
      throw new DomainError('UNPROCESSABLE', `${field} ${size} is larger than the log (${current} leaves)`, {
        field,
        treeSize: current,
      });
    }
    return readerOf(ids, hashes);
  }

  async inclusion(index: number, size: number): Promise<{ index: number; size: number; hashes: Buffer[] }> {
    if (index >= size) {
      throw new DomainError('UNPROCESSABLE', `index ${index} is not in a tree of size ${size}`, {
        field: 'index',
      });
    }
    const read = await this.proofNodes(inclusionProofNodes(index, size), size, 'size');
    return { index, size, hashes: await inclusionProof(index, size, read) };
  }

  /**
   * Inclusion proofs in the tree of `size` leaves for many records of one kind: their leaves in
   * one query per 500 records, and every node their proofs need (shared nodes once) in one query
   * per 400 nodes. `later` names the records whose leaf came after that tree; records without
   * any leaf are in neither.
   */
  async proveRecords(
    kind: LeafKind,
    recordIds: readonly string[],
    size: number,
  ): Promise<{ proofs: Map<string, RecordProof>; later: Set<string> }> {
    const manager = this.reads.source.manager;
    const all = await leavesOfRecords(manager, kind, recordIds);
    const rows = all.filter((r) => Number(r.leaf_index) < size);
    const later = new Set(all.filter((r) => Number(r.leaf_index) >= size).map((r) => r.record_id));
    const wanted = new Map<string, NodeId>();
    for (const r of rows)
      for (const n of inclusionProofNodes(Number(r.leaf_index), size)) wanted.set(`${n.level}:${n.index}`, n);
    const ids = [...wanted.values()];
    const hashes: (Buffer | undefined)[] = [];
    for (let i = 0; i < ids.length; i += NODE_BATCH)
      hashes.push(...(await readNodes(manager, ids.slice(i, i + NODE_BATCH))));
    const read = readerOf(ids, hashes);
    const proofs = new Map<string, RecordProof>();
    for (const r of rows) {
      const leafIndex = Number(r.leaf_index);
      proofs.set(r.record_id, {
        leafIndex,
        digests: decodeLeaf(Buffer.from(r.data, 'utf8')).fields,
        salts: r.salts ? (JSON.parse(r.salts) as LeafSalts) : {},
        proof: await inclusionProof(leafIndex, size, read),
      });
    }
    return { proofs, later };
  }

  async consistency(from: number, to: number): Promise<{ from: number; to: number; hashes: Buffer[] }> {
    if (from > to)
      throw new DomainError('UNPROCESSABLE', `from ${from} is larger than to ${to}`, { field: 'from' });
    if (to === 0) return { from, to, hashes: [] };
    const read = await this.proofNodes(consistencyProofNodes(from, to), to, 'to');
    return { from, to, hashes: await consistencyProof(from, to, read) };
  }

  async leaf(index: number): Promise<LeafView> {
    const leaf = await this.reads.source.getRepository(LogLeaf).findOneBy({ leafIndex: index });
    if (!leaf) throw notFound('Leaf');
    const [leafHash] = await nodeReader(this.reads.source.manager)([{ level: 0, index }]);
    const decoded = decodeLeaf(Buffer.from(leaf.data, 'utf8'));
    return {
      index,
      kind: decoded.kind,
      recordId: leaf.recordId,
      leafHash,
      version: decoded.v,
      digests: decoded.fields,
    };
  }

  /** The newest checkpoint; the first is signed on demand. */
  async latestCheckpoint(): Promise<LogCheckpoint> {
    const latest = await this.reads.source
      .getRepository(LogCheckpoint)
      .find({ order: { size: 'DESC', id: 'DESC' }, take: 1 });
    return latest[0] ?? this.checkpointNow();
  }

  /**
   * Signs a checkpoint of the log as it is now, unless the newest one already has this size (then
   * that one). Serialised with appends by the head's lock, so the size and root belong together.
   */
  checkpointNow(): Promise<LogCheckpoint> {
    return this.tx.run(async (m) => {
      const head = await lockLogHead(m);
      const repo = m.getRepository(LogCheckpoint);
      const [latest] = await repo.find({ order: { size: 'DESC', id: 'DESC' }, take: 1 });
      if (latest && latest.size === head.size) return latest;
      const root = frontierRoot(head.frontier);
      const checkpoint = repo.create({
        size: head.size,
        rootHash: root.toString('hex'),
        note: signCheckpoint({ origin: this.signer.name, size: head.size, root }, this.signer),
        createdAt: new Date(),
      });
      const saved = await repo.save(checkpoint);
      this.tx.afterCommit(m, () => this.witness.enqueue(saved));
      return saved;
    });
  }

  async checkpoints(page: number, limit: number): Promise<{ items: LogCheckpoint[]; total: number }> {
    const [items, total] = await this.reads.source.getRepository(LogCheckpoint).findAndCount({
      order: { size: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return { items, total };
  }

  /**
   * Derives every leaf again from its record as stored now, rebuilds the tree and compares it
   * with every signed checkpoint (docs/verifiable-record.md, "Checking the whole"). One snapshot,
   * read in batches.
   */
  check(): Promise<LogCheckResult> {
    return this.reads.snapshot(async (m) => {
      const checkpoints = await m
        .getRepository(LogCheckpoint)
        .find({ select: { size: true, rootHash: true } });
      const check = new LogCheck(checkpoints.map((c) => ({ size: c.size, root: c.rootHash })));
      let from = 0;
      for (;;) {
        const rows = await leavesFrom(m, from, CHECK_BATCH);
        const records = new Map<string, Awaited<ReturnType<typeof readLogEntries>>>();
        for (const kind of ['audit', 'timeline', 'custody'] as const) {
          const ids = rows.filter((r) => r.kind === kind).map((r) => r.record_id);
          records.set(kind, await readLogEntries(m, kind, ids));
        }
        for (const r of rows) {
          check.push(
            {
              leafIndex: Number(r.leaf_index),
              kind: r.kind,
              recordId: r.record_id,
              data: r.data,
              salts: r.salts ? (JSON.parse(r.salts) as LeafSalts) : {},
              storedHash: r.hash ?? undefined,
            },
            records.get(r.kind)?.get(r.record_id),
          );
        }
        if (rows.length < CHECK_BATCH) break;
        from = Number(rows[rows.length - 1].leaf_index) + 1;
      }
      const elsewhere = await leafIndicesOf(
        m,
        check.misplaced.map((x) => x.hash),
      );
      return check.result(elsewhere, await unloggedRecords(m, 100));
    });
  }
}
