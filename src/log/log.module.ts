import { Global, Module } from '@nestjs/common';
import { LogWriter } from './log-writer';

/** Global so that every feature can put its records in the log inside its own transaction. */
@Global()
@Module({
  providers: [LogWriter],
  exports: [LogWriter],
})
export class LogModule {}
