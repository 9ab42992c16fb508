import { Global, Module } from '@nestjs/common';
import { AccessDenials } from './access-denials';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AccessDenials],
  exports: [AuditService, AccessDenials],
})
export class AuditModule {}
