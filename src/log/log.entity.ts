import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The verifiable record (docs/verifiable-record.md). Leaves, nodes and checkpoints are
 * append-only in the database (triggers); the head moves forward only.
 */

/** One leaf: which record it is, and the leaf data (field digests) its hash commits to. */
@Entity('log_leaves')
export class LogLeaf {
  @PrimaryColumn({ name: 'leaf_index', type: 'integer' })
  leafIndex: number;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** The record's id, as text (audit entries and custody entries have numeric ids). */
  @Column({ name: 'record_id', type: 'varchar', length: 64 })
  recordId: string;

  /** The canonical leaf data (UTF-8 JSON text): version, kind and one digest per field. */
  @Column({ type: 'text' })
  data: string;
}

/**
 * Each record's field salts (base64 by field name), kept beside the record and never in the
 * leaf: showing a field means showing its salt and value. Not append-only: erasing a field's
 * value erases its salt with it, and the digest in the leaf stays.
 */
@Entity('log_salts')
export class LogSalts {
  @PrimaryColumn({ name: 'leaf_index', type: 'integer' })
  leafIndex: number;

  @Column({ type: 'text' })
  salts: string;
}

/** The hash (hex) of a complete subtree: 2^level leaves from idx * 2^level. Level 0 holds the leaf hashes. */
@Entity('log_nodes')
export class LogNode {
  @PrimaryColumn({ type: 'integer' })
  level: number;

  @PrimaryColumn({ name: 'idx', type: 'integer' })
  index: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}

/** The tree's size and right edge (hex hashes, largest subtree first); row 1, the appenders' lock. */
@Entity('log_head')
export class LogHead {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'tree_size', type: 'integer' })
  size: number;

  @Column({ type: 'text' })
  frontier: string;
}

/** A signed checkpoint, as served: the C2SP tlog-checkpoint note. */
@Entity('log_checkpoints')
export class LogCheckpoint {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'tree_size', type: 'integer' })
  size: number;

  /** Hex. */
  @Column({ name: 'root_hash', type: 'varchar', length: 64 })
  rootHash: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'created_at' })
  createdAt: Date;
}
