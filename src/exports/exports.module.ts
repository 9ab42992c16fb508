import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '../queues/queues';
import { QueuesModule } from '../queues/queues.module';
import { ExportJobRecord } from './export.entity';
import { ExportsController } from './exports.controller';
import { ExportsQueue } from './exports.queue';
import { ExportsService } from './exports.service';
import { TimelineExporter } from './timeline-exporter';

@Module({
  imports: [
    QueuesModule,
    BullModule.registerQueue({ name: QUEUES.exports }),
    TypeOrmModule.forFeature([ExportJobRecord]),
  ],
  controllers: [ExportsController],
  providers: [ExportsService, ExportsQueue, TimelineExporter],
  exports: [ExportsService, TimelineExporter],
})
export class ExportsModule {}
