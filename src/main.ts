import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { ConfigError, loadConfigFromProcess } from './config/config';
import { narrowInstallationFiles, PRIVATE_UMASK } from './database/file-modes';
import { UsersService } from './users/users.service';

const SHUTDOWN_GRACE_MS = 10_000;

async function bootstrap(): Promise<void> {
  // Files and folders made from here on are the server account's alone (file-modes.ts).
  process.umask(PRIVATE_UMASK);
  let config;
  try {
    config = loadConfigFromProcess();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Caseline cannot start. ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app);
  // The database is open (its WAL made): narrow whatever an earlier run or a copy left wider.
  narrowInstallationFiles(config, app.get(Logger));
  await app.get(UsersService).bootstrapAdmin(config.adminEmail, config.adminPassword);
  await app.listen(config.port);
  const { port } = (app.getHttpServer() as Server).address() as { port: number };
  process.stdout.write(`Caseline listening on http://localhost:${port} (API under /api, docs at /docs)\n`);

  // On SIGTERM/SIGINT Nest closes the HTTP server (no new connections; in-flight requests
  // finish), then queues and the database. Keep-alive connections would hold the close open
  // until their idle timeout, so idle ones are cut as soon as their response is out; and the
  // whole shutdown is bounded.
  const server = app.getHttpServer() as Server;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setInterval(() => server.closeIdleConnections(), 50).unref();
      setTimeout(() => {
        process.stderr.write(`Caseline: shutdown took over ${SHUTDOWN_GRACE_MS} ms, exiting\n`);
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
    });
  }
}

bootstrap().catch((e: unknown) => {
  // Before the logger is up (e.g. the database cannot be opened): say why and stop.
  process.stderr.write(`Caseline failed to start: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
