import { Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Role, ROLES } from '../users/role';
import {
  CheckpointListQueryDto,
  ConsistencyProofQueryDto,
  InclusionProofQueryDto,
  LeafIndexParamDto,
} from './dto/log-query.dto';
import {
  CheckpointDto,
  CheckpointPageDto,
  ConsistencyProofDto,
  InclusionProofDto,
  LeafDto,
  mapCheckpoint,
  mapConsistencyProof,
  mapInclusionProof,
  mapLeaf,
} from './dto/log-response.dto';
import { LogService } from './log.service';

const TEXT = { 'text/plain': { schema: { type: 'string' } } };

/** The verifiable record: checkpoints, the key and proofs hold hashes only, so every role may read them. */
@ApiTags('log')
@Controller('log')
export class LogController {
  constructor(private readonly log: LogService) {}

  @Get('checkpoint')
  @Roles(...ROLES)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint note)' })
  @ApiOkResponse({
    description: 'Origin, tree size, base64 root and an Ed25519 signature line',
    content: TEXT,
  })
  async checkpoint(): Promise<string> {
    return (await this.log.latestCheckpoint()).note;
  }

  @Get('key')
  @Roles(...ROLES)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'The verifier key of the checkpoints (C2SP signed-note text form)' })
  @ApiOkResponse({ description: '<origin>+<key id>+<base64 key>, and a newline', content: TEXT })
  key(): string {
    return `${this.log.verifierKey()}\n`;
  }

  @Get('checkpoints')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'The signed checkpoints, newest first' })
  @ApiOkResponse({ type: CheckpointPageDto })
  @ApiBadRequestResponse({ description: 'Invalid or unknown query parameters (each named)' })
  async checkpoints(@Query() query: CheckpointListQueryDto): Promise<CheckpointPageDto> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    const { items, total } = await this.log.checkpoints(page, limit);
    return { items: items.map(mapCheckpoint), total, page, limit };
  }

  @Post('checkpoints')
  @Roles(Role.Admin)
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign a checkpoint of the log as it is now (admin)' })
  @ApiCreatedResponse({
    description: 'The new checkpoint, or the latest if the log has not grown since',
    type: CheckpointDto,
  })
  async sign(): Promise<CheckpointDto> {
    return mapCheckpoint(await this.log.checkpointNow());
  }

  @Get('proofs/inclusion')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Proof that a leaf is in the tree of a given size (RFC 9162 2.1.3)' })
  @ApiOkResponse({ type: InclusionProofDto })
  @ApiBadRequestResponse({ description: 'index or size missing or not a whole number (each named)' })
  @ApiUnprocessableEntityResponse({ description: 'index not below size, or size larger than the log' })
  async inclusion(@Query() q: InclusionProofQueryDto): Promise<InclusionProofDto> {
    return mapInclusionProof(await this.log.inclusion(q.index, q.size));
  }

  @Get('proofs/consistency')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Proof that the tree of size to extends the tree of size from (RFC 9162 2.1.4)' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiBadRequestResponse({ description: 'from or to missing or not a whole number (each named)' })
  @ApiUnprocessableEntityResponse({ description: 'from larger than to, or to larger than the log' })
  async consistency(@Query() q: ConsistencyProofQueryDto): Promise<ConsistencyProofDto> {
    return mapConsistencyProof(await this.log.consistency(q.from, q.to));
  }

  @Get('leaves/:index')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'One leaf: its record and field digests (admin)' })
  @ApiOkResponse({ type: LeafDto })
  @ApiNotFoundResponse({ description: 'No leaf at this index' })
  async leaf(@Param() p: LeafIndexParamDto): Promise<LeafDto> {
    return mapLeaf(await this.log.leaf(p.index));
  }
}
