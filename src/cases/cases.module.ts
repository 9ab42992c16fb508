import { Module } from '@nestjs/common';
import { CaseAccess } from './case-access';
import { CaseIntake } from './case-intake';
import { CaseTransitionsController } from './case-transitions.controller';
import { CaseTransitionsService } from './case-transitions.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [CasesController, CaseTransitionsController],
  providers: [CaseIntake, CasesService, CaseTransitionsService, CaseAccess],
  exports: [CaseAccess],
})
export class CasesModule {}
