import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { REDACTED, REDACTED_LOG_PATHS, redactQuery, redactUrl } from './common/log-redaction';
import { type AppConfig, validateConfig } from './config/app-config';
import { databaseOptions } from './database/database-options';
import { DemoSeeder } from './database/seed/demo-seeder';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { ClusterModule } from './modules/cluster/cluster.module';
import { CollabModule } from './modules/collab/collab.module';
import { CommentsModule } from './modules/comments/comments.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { HealthModule } from './modules/health/health.module';
import { MailModule } from './modules/mail/mail.module';
import { NetworksModule } from './modules/networks/networks.module';
import { VersionsModule } from './modules/versions/versions.module';
import { PublishingModule } from './modules/publishing/publishing.module';

/** The fields of pino-http's serialized request that can carry a secret besides its headers. */
interface LoggedRequest {
  url?: string;
  query?: unknown;
}

export interface AppModuleOptions {
  /** The PostgreSQL to use: DATABASE_URL, or the embedded server started by main.ts. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateConfig }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => ({
            pinoHttp: {
              level: config.get('LOG_LEVEL', { infer: true }),
              autoLogging: { ignore: (request) => request.url === '/health' },
              // Cookies, Set-Cookie, the CSRF header, tokens in the query and password fields never reach the log.
              redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
              serializers: {
                req: (request: LoggedRequest) => ({ ...request, url: redactUrl(request.url), query: redactQuery(request.query) }),
              },
            },
          }),
        }),
        TypeOrmModule.forRootAsync({ useFactory: () => databaseOptions(options.databaseUrl) }),
        ClusterModule,
        HealthModule,
        AuthModule,
        NetworksModule,
        DocumentsModule,
        CollabModule,
        CommentsModule,
        VersionsModule,
        PublishingModule,
        MailModule,
        AuditModule,
      ],
      providers: [DemoSeeder],
    };
  }
}
