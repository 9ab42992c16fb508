import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../http/page.dto';
import { LEAF_KINDS, LeafKind } from '../leaf';
import { LogCheckResult, LogProblemKind } from '../log-check';
import { LogCheckpoint } from '../log.entity';
import { LeafView } from '../log.service';

const b64 = (b: Buffer) => b.toString('base64');

export class InclusionProofDto {
  @ApiProperty({ type: 'integer' })
  index: number;

  @ApiProperty({ type: 'integer' })
  size: number;

  @ApiProperty({
    type: [String],
    format: 'byte',
    description: 'The RFC 9162 inclusion path, leaf side first, each hash in base64',
  })
  hashes: string[];
}

export class ConsistencyProofDto {
  @ApiProperty({ type: 'integer' })
  from: number;

  @ApiProperty({ type: 'integer' })
  to: number;

  @ApiProperty({
    type: [String],
    format: 'byte',
    description: 'The RFC 9162 consistency proof, each hash in base64',
  })
  hashes: string[];
}

export const mapInclusionProof = (p: {
  index: number;
  size: number;
  hashes: Buffer[];
}): InclusionProofDto => ({
  index: p.index,
  size: p.size,
  hashes: p.hashes.map(b64),
});

export const mapConsistencyProof = (p: {
  from: number;
  to: number;
  hashes: Buffer[];
}): ConsistencyProofDto => ({
  from: p.from,
  to: p.to,
  hashes: p.hashes.map(b64),
});

export class CheckpointDto {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer', description: 'Leaves in the tree it signs' })
  size: number;

  @ApiProperty({ format: 'byte', description: 'The tree root, base64' })
  rootHash: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    description: 'The signed checkpoint (C2SP tlog-checkpoint note), as GET /api/log/checkpoint serves it',
  })
  note: string;
}

export const mapCheckpoint = (c: LogCheckpoint): CheckpointDto => ({
  id: c.id,
  size: c.size,
  rootHash: b64(Buffer.from(c.rootHash, 'hex')),
  createdAt: c.createdAt.toISOString(),
  note: c.note,
});

export class CheckpointPageDto extends PageOf(CheckpointDto) {}

export class LeafDto {
  @ApiProperty({ type: 'integer' })
  index: number;

  @ApiProperty({ enum: LEAF_KINDS })
  kind: LeafKind;

  @ApiProperty({ description: 'The id of the audit entry, timeline event or custody entry' })
  recordId: string;

  @ApiProperty({ type: 'integer', description: 'Leaf encoding version' })
  version: number;

  @ApiProperty({ format: 'byte', description: 'SHA-256(0x00 ‖ leaf data), base64' })
  leafHash: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'byte' },
    description: 'Each field’s digest SHA-256(salt ‖ JCS([name, value])), base64, by field name',
  })
  digests: Record<string, string>;
}

export const mapLeaf = (l: LeafView): LeafDto => ({
  index: l.index,
  kind: l.kind,
  recordId: l.recordId,
  version: l.version,
  leafHash: b64(l.leafHash),
  digests: l.digests,
});

export class LogProblemDto {
  @ApiProperty({
    enum: ['changed', 'removed', 'reordered', 'unlogged', 'tree'],
    description:
      'changed: the record (or its leaf) differs from what was logged; removed: the record or leaf is gone; reordered: a leaf is at another index than it was logged at; unlogged: a record with no leaf; tree: only the signed root shows a difference',
  })
  problem: LogProblemKind;

  @ApiProperty({ type: 'integer', nullable: true })
  leafIndex: number | null;

  @ApiProperty({ enum: LEAF_KINDS, nullable: true })
  kind: LeafKind | null;

  @ApiProperty({ type: String, nullable: true })
  recordId: string | null;

  @ApiProperty()
  detail: string;
}

export class LogCheckDto {
  @ApiProperty({
    description: 'true when every leaf derives from its record as stored and every signed root matches',
  })
  ok: boolean;

  @ApiProperty({ type: 'integer', description: 'Leaves checked' })
  size: number;

  @ApiProperty({ type: 'integer', description: 'Size of the latest signed checkpoint (0: none yet)' })
  checkpointSize: number;

  @ApiProperty({ description: 'Whether the rebuilt tree has the root of every signed checkpoint' })
  checkpointsMatch: boolean;

  @ApiProperty({ type: [LogProblemDto], description: 'The first 100 problems, by leaf index' })
  problems: LogProblemDto[];

  @ApiProperty({ type: 'integer' })
  problemCount: number;
}

export const mapLogCheck = (r: LogCheckResult): LogCheckDto => ({
  ok: r.ok,
  size: r.size,
  checkpointSize: r.checkpointSize,
  checkpointsMatch: r.checkpointsMatch,
  problems: r.problems.map((p) => ({ ...p })),
  problemCount: r.problemCount,
});
