import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { ExportsController } from './exports.controller';
import { ExportsQueue } from './exports.queue';
import { ExportsService } from './exports.service';
import { TimelineExporter } from './timeline-exporter';

@Module({
  imports: [
    // The global QueuesModule registers every queue (names in queues.ts) once.
    QueuesModule,
  ],
  controllers: [ExportsController],
  providers: [ExportsService, ExportsQueue, TimelineExporter],
  exports: [ExportsService, TimelineExporter],
})
export class ExportsModule {}
