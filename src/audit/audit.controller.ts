import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { AuditService } from './audit.service';
import { LogService } from '../log/log.service';
import { AuditPageDto, ChainCheckDto, mapRecordCheck } from './dto/audit-entry.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly log: LogService,
  ) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'The audit trail, newest first (admin)' })
  @ApiOkResponse({ description: 'One page of entries', type: AuditPageDto })
  @ApiBadRequestResponse({ description: 'Invalid or unknown query parameters (each named)' })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }

  @Get('verify')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Re-check the whole hash chain and the verifiable log (admin)' })
  @ApiOkResponse({
    description:
      'Whether the chain is intact and where it first breaks; every record checked against the signed log',
    type: ChainCheckDto,
  })
  async verify(): Promise<ChainCheckDto> {
    // Two structures over the same records, checked side by side.
    const [chain, log] = await Promise.all([this.audit.verify(), this.log.check()]);
    return mapRecordCheck(chain, log);
  }
}
