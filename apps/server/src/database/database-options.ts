import type { DataSourceOptions } from 'typeorm';
import { NetworkEntity } from '../modules/networks/network.entity';
import { PartnerEntity } from '../modules/networks/partner.entity';
import { MemberEntity } from '../modules/networks/member.entity';
import { WorkingGroupEntity } from '../modules/networks/working-group.entity';
import { DocumentEntity } from '../modules/documents/document.entity';
import { RecommendationEntity } from '../modules/documents/recommendation.entity';
import { InitialSchema1764280000000 } from './migrations/1764280000000-initial-schema';

export const ENTITIES = [NetworkEntity, PartnerEntity, MemberEntity, WorkingGroupEntity, DocumentEntity, RecommendationEntity];
export const MIGRATIONS = [InitialSchema1764280000000];

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
