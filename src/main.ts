import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { ConfigError, loadConfigFromProcess } from './config/config';
import { UsersService } from './users/users.service';

const SHUTDOWN_GRACE_MS = 10_000;

async function bootstrap(): Promise<void> {
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
  await app.get(UsersService).bootstrapAdmin(config.adminEmail, config.adminPassword);
  await app.listen(config.port);
  const port = (app.getHttpServer().address() as { port: number }).port;
  process.stdout.write(`Caseline listening on http://localhost:${port} (API under /api, docs at /docs)\n`);

  // In-flight requests get a bounded time to finish after SIGTERM/SIGINT.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref());
  }
}

bootstrap().catch((e: unknown) => {
  // Before the logger is up (e.g. the database cannot be opened): say why and stop.
  process.stderr.write(`Caseline failed to start: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
