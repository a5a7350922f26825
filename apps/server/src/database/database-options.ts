import type { DataSourceOptions } from 'typeorm';
import { NetworkEntity } from '../modules/networks/network.entity';
import { PartnerEntity } from '../modules/networks/partner.entity';
import { MemberEntity } from '../modules/networks/member.entity';
import { WorkingGroupEntity } from '../modules/networks/working-group.entity';
import { DocumentEntity } from '../modules/documents/document.entity';
import { RecommendationEntity } from '../modules/documents/recommendation.entity';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { AccountTokenEntity } from '../modules/auth/account-token.entity';
import { AuthSessionEntity } from '../modules/auth/auth-session.entity';
import { LoginAttemptEntity } from '../modules/auth/login-attempt.entity';
import { AccountLinkAttemptEntity } from '../modules/auth/account-link-attempt.entity';
import { MailMessageEntity } from '../modules/mail/mail-message.entity';
import { CommentThreadEntity } from '../modules/comments/comment-thread.entity';
import { CommentEntity } from '../modules/comments/comment.entity';
import { CommentMentionEntity, CommentReactionEntity } from '../modules/comments/comment-reaction.entity';
import { NotificationEntity } from '../modules/comments/notification.entity';
import { InitialSchema1764280000000 } from './migrations/1764280000000-initial-schema';
import { AccountsAndAudit1764290000000 } from './migrations/1764290000000-accounts-and-audit';
import { SessionBindingAndMailRedaction1764300000000 } from './migrations/1764300000000-session-binding-and-mail-redaction';
import { IdempotentUpdateLog1764310000000 } from './migrations/1764310000000-idempotent-update-log';
import { DemoMembersAndLinkAttempts1764310500000 } from './migrations/1764310500000-demo-members-and-link-attempts';
import { Languages1764312000000 } from './migrations/1764312000000-languages';
import { CommentThreads1764320000000 } from './migrations/1764320000000-comment-threads';
import { VersionHistory1764330000000 } from './migrations/1764330000000-version-history';
import { TextRangeAuthorship1764340000000 } from './migrations/1764340000000-text-range-authorship';
import { Editions1764360000000 } from './migrations/1764360000000-editions';
import { ClientAuthorshipEntity } from '../modules/versions/client-authorship.entity';
import { TextRangeAuthorshipEntity } from '../modules/versions/text-range-authorship.entity';
import { DocumentVersionEntity } from '../modules/versions/document-version.entity';
import { EditionEntity } from '../modules/publishing/edition.entity';
import { EditionExportEntity } from '../modules/publishing/edition-export.entity';

export const ENTITIES = [
  NetworkEntity,
  PartnerEntity,
  MemberEntity,
  WorkingGroupEntity,
  DocumentEntity,
  RecommendationEntity,
  AuthSessionEntity,
  LoginAttemptEntity,
  AccountLinkAttemptEntity,
  AccountTokenEntity,
  MailMessageEntity,
  AuditEventEntity,
  CommentThreadEntity,
  DocumentVersionEntity,
  ClientAuthorshipEntity,
  TextRangeAuthorshipEntity,
  CommentEntity,
  CommentReactionEntity,
  CommentMentionEntity,
  NotificationEntity,
  EditionEntity,
  EditionExportEntity,
];
export const MIGRATIONS = [
  InitialSchema1764280000000,
  AccountsAndAudit1764290000000,
  SessionBindingAndMailRedaction1764300000000,
  IdempotentUpdateLog1764310000000,
  DemoMembersAndLinkAttempts1764310500000,
  Languages1764312000000,
  CommentThreads1764320000000,
  VersionHistory1764330000000,
  TextRangeAuthorship1764340000000,
  Editions1764360000000,
];

/** The one place that says how Accord talks to PostgreSQL; the app, the CLI and the tests share it. */
export function databaseOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: 'accord',
    extra: {
      max: 10,
      // Fail fast while PostgreSQL is unreachable, so edits queue instead of hanging.
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
      query_timeout: 15000,
      keepAlive: true,
    },
  };
}
