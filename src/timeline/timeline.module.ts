import { Global, Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';
import { TimelineWriter } from './timeline-writer';

/** Global so that every feature can append events with TimelineWriter inside its own transaction. */
@Global()
@Module({
  imports: [CasesModule],
  controllers: [TimelineController],
  providers: [TimelineService, TimelineWriter],
  exports: [TimelineWriter],
})
export class TimelineModule {}
