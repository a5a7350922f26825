import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import { MembershipEvents } from '../networks/membership-events';
import { NetworksModule } from '../networks/networks.module';
import type { ClusterLink } from './cluster-link';
import { relayMembershipChanges } from './cluster-membership-relay';

/** The injection token of the instance's link to Redis; null without REDIS_URL (one instance). */
export const CLUSTER_LINK = Symbol('ClusterLink');

/** Starts the link with the application and relays membership changes; closes it last on shutdown. */
@Injectable()
class ClusterLifecycle implements OnModuleInit, OnApplicationShutdown {
  private stopRelay: (() => void) | null = null;

  constructor(
    @Optional() @Inject(CLUSTER_LINK) private readonly link: ClusterLink | null,
    private readonly membership: MembershipEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.link) return;
    this.link.start();
    this.stopRelay = await relayMembershipChanges(this.link, this.membership);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopRelay?.();
    await this.link?.stop();
  }
}

/**
 * Several instances through Redis (active only with REDIS_URL): the link every cross-instance
 * path shares (document replication, the document event bus, membership changes, /health).
 */
@Global()
@Module({
  imports: [NetworksModule],
  providers: [
    {
      provide: CLUSTER_LINK,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<AppConfig, true>): Promise<ClusterLink | null> => {
        const url = config.get('REDIS_URL', { infer: true });
        if (!url) return null;
        // Loaded only here: a single instance (no REDIS_URL) never holds ioredis in memory.
        const { ClusterLink } = await import('./cluster-link.js');
        return new ClusterLink({
          url,
          keyPrefix: config.get('REDIS_KEY_PREFIX', { infer: true }),
          commandTimeoutMs: config.get('REDIS_COMMAND_TIMEOUT_MS', { infer: true }),
          heartbeatMs: config.get('CLUSTER_HEARTBEAT_MS', { infer: true }),
          instanceTimeoutMs: config.get('CLUSTER_INSTANCE_TIMEOUT_MS', { infer: true }),
        });
      },
    },
    ClusterLifecycle,
  ],
  exports: [CLUSTER_LINK],
})
export class ClusterModule {}
