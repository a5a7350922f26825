import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import { AuthModule } from '../auth/auth.module';
import type { ClusterLink } from '../cluster/cluster-link';
import { CLUSTER_LINK } from '../cluster/cluster.module';
import { RedisReplication } from '../cluster/redis-replication';
import { DocumentsModule } from '../documents/documents.module';
import { NetworksModule } from '../networks/networks.module';
import { EventsModule } from '../events/events.module';
import { CollabAccess } from './collab-access';
import { CollabAdmissionRepository } from './collab-admission.repository';
import { CollabController } from './collab.controller';
import { CollabGateway } from './collab.gateway';
import { CollabService } from './collab.service';
import { DOCUMENT_REPLICATION, type DocumentReplication, SingleInstance } from './document-replication';
import { UpdateLogRepository } from './update-log.repository';

@Module({
  imports: [AuthModule, DocumentsModule, NetworksModule, EventsModule],
  controllers: [CollabController],
  providers: [
    CollabGateway,
    CollabService,
    CollabAccess,
    CollabAdmissionRepository,
    UpdateLogRepository,
    {
      provide: DOCUMENT_REPLICATION,
      inject: [ConfigService, { token: CLUSTER_LINK, optional: true }],
      useFactory: (config: ConfigService<AppConfig, true>, link: ClusterLink | null | undefined): DocumentReplication =>
        link ? new RedisReplication(link, config.get('CLUSTER_CATCH_UP_TIMEOUT_MS', { infer: true })) : new SingleInstance(),
    },
  ],
  exports: [CollabService],
})
export class CollabModule {}
