import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfigFromProcess } from './config/config';
import { narrowInstallationFiles, PRIVATE_UMASK } from './database/file-modes';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `npm run worker`: the queue processors without an HTTP port, so workers scale out across
 * machines that share Redis and PostgreSQL. The API can then run with WORKER=off.
 */
async function bootstrap(): Promise<void> {
  // Files and folders made from here on are the server account's alone (file-modes.ts).
  process.umask(PRIVATE_UMASK);
  let config;
  try {
    config = loadConfigFromProcess();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Caseline worker cannot start. ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  // A worker process always works, whatever WORKER says for the API.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, worker: true }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  narrowInstallationFiles(config, app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  process.stdout.write(`Caseline worker ready (pid ${process.pid}, no HTTP port)\n`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref());
  }
}

void bootstrap();
