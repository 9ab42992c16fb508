import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { AppealsController } from './appeals.controller';
import { AppealsService } from './appeals.service';

@Module({
  imports: [CasesModule],
  controllers: [AppealsController],
  providers: [AppealsService],
})
export class AppealsModule {}
