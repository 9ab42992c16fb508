import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { Appeal } from './appeal.entity';
import { AppealsController } from './appeals.controller';
import { AppealsService } from './appeals.service';

@Module({
  imports: [TypeOrmModule.forFeature([Appeal]), CasesModule],
  controllers: [AppealsController],
  providers: [AppealsService],
})
export class AppealsModule {}
