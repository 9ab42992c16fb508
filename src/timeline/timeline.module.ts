import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { TimelineEvent } from './timeline-event.entity';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';
import { TimelineWriter } from './timeline-writer';

/** Global so that every feature can append events with TimelineWriter inside its own transaction. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([TimelineEvent]), CasesModule],
  controllers: [TimelineController],
  providers: [TimelineService, TimelineWriter],
  exports: [TimelineWriter],
})
export class TimelineModule {}
