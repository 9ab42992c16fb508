import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../http/page.dto';
import { LogCheckDto, mapLogCheck } from '../../log/dto/log-response.dto';
import { LogCheckResult } from '../../log/log-check';
import { ChainCheck } from '../audit-chain';

export class AuditEntryDto {
  @ApiProperty({ type: 'integer', description: 'Position in the chain' })
  id: number;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null for the system or a failed login',
  })
  actorId: string | null;

  @ApiProperty({ example: 'user.update' })
  action: string;

  @ApiProperty({ type: String, nullable: true, example: 'user' })
  entityType: string | null;

  @ApiProperty({ type: String, nullable: true })
  entityId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The x-request-id of the request that did it' })
  requestId: string | null;

  @ApiProperty({ type: String, nullable: true })
  clientAddress: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Small non-personal facts: ids, counts, flags, changed field names',
  })
  details: Record<string, unknown>;

  @ApiProperty({ description: 'SHA-256 hex of the previous entry (64 zeros for the first)' })
  prevHash: string;

  @ApiProperty({ description: 'SHA-256 hex over prevHash and this entry’s canonical JSON' })
  hash: string;
}

export class AuditPageDto extends PageOf(AuditEntryDto) {}

export class ChainCheckDto {
  @ApiProperty({
    description:
      'true when every entry links to the previous one and matches its hash, and the verifiable log (log) is whole',
  })
  ok: boolean;

  @ApiProperty({ type: 'integer', description: 'Entries checked' })
  entries: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The first entry whose hash or link is wrong (for a deleted entry: the one after it)',
  })
  firstBrokenId: number | null;

  @ApiProperty({
    type: LogCheckDto,
    description:
      'Every audit entry, timeline event and custody entry derived again and checked against the signed log',
  })
  log: LogCheckDto;
}

export const mapRecordCheck = (chain: ChainCheck, log: LogCheckResult): ChainCheckDto => ({
  ok: chain.ok && log.ok,
  entries: chain.entries,
  firstBrokenId: chain.firstBrokenId,
  log: mapLogCheck(log),
});
