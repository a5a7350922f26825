import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig, validateConfig } from './config/app-config';
import { databaseOptions } from './database/database-options';
import { DemoSeeder } from './database/seed/demo-seeder';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CollabModule } from './modules/collab/collab.module';
import { CommentsModule } from './modules/comments/comments.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { HealthModule } from './modules/health/health.module';
import { MailModule } from './modules/mail/mail.module';
import { NetworksModule } from './modules/networks/networks.module';

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
              redact: ['req.headers.cookie', 'req.headers.authorization'],
            },
          }),
        }),
        TypeOrmModule.forRootAsync({ useFactory: () => databaseOptions(options.databaseUrl) }),
        HealthModule,
        AuthModule,
        NetworksModule,
        DocumentsModule,
        CollabModule,
        CommentsModule,
        MailModule,
        AuditModule,
      ],
      providers: [DemoSeeder],
    };
  }
}
