import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Appeal } from '../appeals/appeal.entity';
import { Member } from '../members/member.entity';
import { CaseAccess } from './case-access';
import { CaseIntake } from './case-intake';
import { CaseTransition } from './case-transition.entity';
import { CaseTransitionsController } from './case-transitions.controller';
import { CaseTransitionsService } from './case-transitions.service';
import { Case, CaseReferenceCounter } from './case.entity';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [TypeOrmModule.forFeature([Case, CaseReferenceCounter, CaseTransition, Member, Appeal])],
  controllers: [CasesController, CaseTransitionsController],
  providers: [CaseIntake, CasesService, CaseTransitionsService, CaseAccess],
  exports: [CaseAccess],
})
export class CasesModule {}
