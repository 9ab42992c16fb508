import { Global, Module } from '@nestjs/common';
import { CheckpointScheduler } from './checkpoint-scheduler';
import { LogWitness } from './log-witness';
import { LogWriter } from './log-writer';
import { LogController } from './log.controller';
import { LogService } from './log.service';

/** Global so that every feature can put its records in the log inside its own transaction. */
@Global()
@Module({
  controllers: [LogController],
  providers: [LogWriter, LogService, LogWitness, CheckpointScheduler],
  exports: [LogWriter, LogService],
})
export class LogModule {}
