import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { compileProxyTrust } from './common/client-address';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { securityHeaders } from './common/security-headers';
import { spaFallback } from './common/spa-fallback';
import { StorableInputPipe } from './common/storable-input.pipe';
import { ValidationFailedException } from './common/validation-failed.exception';
import { validateConfig } from './config/app-config';
import { EmbeddedDatabase } from './database/embedded-database';
import { CollabWsAdapter } from './modules/collab/collab-ws.adapter';

/** The application's logger once it exists; before that, the last net writes to stderr. */
let processLogger: Logger | null = null;

/**
 * The last net. Every entry point of the collaboration server already turns its errors into a
 * refusal of one request or connection (see modules/collab/connection-guard.ts); whatever still
 * escapes is logged here with its context, and the process does NOT exit: exiting would throw
 * away the edits held in memory while the database is unreachable, for every document at once.
 */
function logEscapedError(level: 'fatal' | 'error', what: string, error: unknown): void {
  const context = { err: error, pid: process.pid, uptimeSeconds: Math.round(process.uptime()) };
  if (processLogger) processLogger[level](context, `${what}; the process keeps running`, 'Process');
  else console.error(JSON.stringify({ level, msg: `${what}; the process keeps running`, error: error instanceof Error ? error.stack : String(error) }));
}
process.on('uncaughtException', (error: Error, origin: string) => logEscapedError('fatal', `Uncaught exception (${origin})`, error));
process.on('unhandledRejection', (reason: unknown) => logEscapedError('error', 'Unhandled promise rejection', reason));

async function bootstrap(): Promise<void> {
  // `npm start` asks for the demo out loud (`--demo`); without it SEED_DEMO decides, and defaults to off.
  if (process.argv.includes('--demo')) process.env.SEED_DEMO = 'true';
  const config = validateConfig(process.env);
  const embedded = config.DATABASE_URL ? null : new EmbeddedDatabase({ dataDir: config.EMBEDDED_DB_DIR, port: config.EMBEDDED_DB_PORT });
  const databaseUrl = config.DATABASE_URL ?? (await embedded!.start());

  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ databaseUrl }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  processLogger = app.get(Logger);
  app.useWebSocketAdapter(new CollabWsAdapter(app, { maxPayload: config.COLLAB_MAX_MESSAGE_BYTES }));
  // The public pages of published editions live at /p/..., outside the API.
  app.setGlobalPrefix('api', { exclude: ['health', 'p/{*path}'] });
  app.useGlobalPipes(
    // First: text PostgreSQL cannot store and nesting that would overflow the steps after it are a 400, never a 500.
    new StorableInputPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The target lets the filter read each constraint's values, to write the sentence in the reader's language.
      validationError: { target: true, value: false },
      exceptionFactory: (errors) => ValidationFailedException.fromErrors(errors),
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.disable('x-powered-by');
  // The same trust function decides the client address of REST requests (request.ip) and of websocket upgrades.
  app.set('trust proxy', compileProxyTrust(config.TRUST_PROXY));
  app.use(securityHeaders({ https: config.COOKIE_SECURE }));

  const openApi = new DocumentBuilder()
    .setTitle('Accord API')
    .setDescription('The EC-NET recommendations workspace. Live editing runs over the y-websocket protocol at /collab/<documentId>.')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs-json' });

  const webDir = resolve(config.WEB_DIST_DIR);
  if (existsSync(webDir)) {
    app.useStaticAssets(webDir, { index: false, maxAge: '1h' });
    app.use(spaFallback(resolve(webDir, 'index.html')));
  }

  await app.listen(config.PORT, config.HOST);
  const logger = app.get(Logger);
  logger.log(`Accord is serving on http://localhost:${config.PORT} (API docs at /api/docs)`, 'Bootstrap');

  // Close Nest first (its shutdown hooks store queued edits), then the embedded PostgreSQL.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`Received ${signal}, shutting down`, 'Bootstrap');
    app
      .close()
      .then(() => embedded?.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'Shutdown failed', 'Bootstrap');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
