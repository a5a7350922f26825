import { Module } from '@nestjs/common';
import type { ClusterLink } from '../cluster/cluster-link';
import { CLUSTER_LINK } from '../cluster/cluster.module';
import { RedisDocumentEventBus } from '../cluster/redis-document-event-bus';
import { DOCUMENT_EVENT_BUS, type DocumentEventBus, InProcessDocumentEventBus } from './document-event-bus';

/**
 * The document event bus, shared by the modules that publish (comments) and deliver (collab):
 * within the process alone, or across instances through Redis when REDIS_URL is set.
 */
@Module({
  providers: [
    {
      provide: DOCUMENT_EVENT_BUS,
      inject: [{ token: CLUSTER_LINK, optional: true }],
      useFactory: (link: ClusterLink | null | undefined): DocumentEventBus => (link ? new RedisDocumentEventBus(link) : new InProcessDocumentEventBus()),
    },
  ],
  exports: [DOCUMENT_EVENT_BUS],
})
export class EventsModule {}
