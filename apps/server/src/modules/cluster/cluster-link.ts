import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { randomUUID } from 'node:crypto';

export interface ClusterLinkOptions {
  url: string;
  keyPrefix: string;
  commandTimeoutMs: number;
  heartbeatMs: number;
  instanceTimeoutMs: number;
}

export type ChannelListener = (message: Buffer) => void;

/** Where the link to the other instances stands: `connected` only while this instance hears its own heartbeat. */
export type ClusterLinkState = 'connected' | 'degraded';

/**
 * The one connection pair to Redis of an instance: a publisher and a subscriber. Built against the
 * hangs seen with other Redis fan-outs: every command has a deadline (REDIS_COMMAND_TIMEOUT_MS), the
 * offline queue is off (a command sent while Redis is away fails at once instead of piling up),
 * and the link counts as healthy only while the instance's own heartbeat comes back through Redis,
 * so a stalled Redis that keeps its sockets open is noticed too (then both sockets are reset).
 *
 * Channels are reference-counted: the first listener subscribes, the last one unsubscribes, and
 * after a reconnection every channel still listened to is subscribed again before `healed` fires.
 */
export class ClusterLink {
  private readonly logger = new Logger(ClusterLink.name);
  /** Unique per process start; every message carries it, and an instance ignores its own. */
  readonly instanceId = randomUUID();
  readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<ChannelListener>>();
  private readonly heartbeatListeners = new Set<() => void>();
  private readonly healedListeners = new Set<() => void>();
  private readonly degradedListeners = new Set<() => void>();
  private stateValue: ClusterLinkState = 'degraded';
  private lastEchoAt = 0;
  private degradedSince = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The payload of the next heartbeat, set by whoever owns the link's messages (the replicator). */
  heartbeatPayload: () => Buffer = () => Buffer.alloc(0);
  /** Called with each heartbeat that is not this instance's own. */
  onPeerHeartbeat: (payload: Buffer) => void = () => undefined;

  constructor(readonly options: ClusterLinkOptions) {
    const common: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: Math.max(options.commandTimeoutMs, 1000),
      maxRetriesPerRequest: 0,
      // Reconnect for ever, at most a second apart: Redis coming back must be noticed soon.
      retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
      keepAlive: 5000,
    };
    this.publisher = new Redis(options.url, { ...common, connectionName: `accord-pub-${this.instanceId}` });
    this.subscriber = new Redis(options.url, { ...common, connectionName: `accord-sub-${this.instanceId}`, autoResubscribe: false });
    this.publisher.on('error', (error: Error) => this.logger.debug({ err: error }, 'Redis publisher error'));
    this.subscriber.on('error', (error: Error) => this.logger.debug({ err: error }, 'Redis subscriber error'));
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.deliver(channel.toString(), message));
    this.subscriber.on('ready', () => void this.resubscribe());
    this.subscriber.on('close', () => this.markDegraded('the subscriber connection closed'));
  }

  get state(): ClusterLinkState {
    return this.stateValue;
  }

  get heartbeatChannel(): string {
    return `${this.options.keyPrefix}cluster`;
  }

  /** Connects in the background: an instance starts, and serves, with Redis away. */
  start(): void {
    if (this.timer) return;
    this.publisher.connect().catch(() => undefined);
    this.subscriber.connect().catch(() => undefined);
    this.timer = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.subscriber.disconnect();
    await this.publisher.quit().catch(() => this.publisher.disconnect());
  }

  onHealed(listener: () => void): void {
    this.healedListeners.add(listener);
  }

  onDegraded(listener: () => void): void {
    this.degradedListeners.add(listener);
  }

  /** Each tick of the heartbeat (also while degraded): for peer time-outs. */
  onTick(listener: () => void): void {
    this.heartbeatListeners.add(listener);
  }

  /**
   * Publishes without waiting; resolves with how many subscribers got it (0 when Redis is away:
   * then the message is dropped, and the heal's catch-up makes up for it).
   */
  async publish(channel: string, message: Buffer): Promise<number> {
    if (this.publisher.status !== 'ready') return 0;
    try {
      return await this.publisher.publish(channel, message);
    } catch (error) {
      this.logger.debug({ err: error, channel }, 'A Redis publish failed');
      return 0;
    }
  }

  /**
   * Listens to a channel; resolves once Redis confirmed the subscription, or at once if Redis is
   * away (the channel is subscribed when it comes back). Returns the unsubscribe function.
   */
  async subscribe(channel: string, listener: ChannelListener): Promise<() => void> {
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    const unsubscribe = () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(channel);
      if (this.subscriber.status === 'ready') this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
    if (first && this.subscriber.status === 'ready') {
      try {
        await this.subscriber.subscribe(channel);
      } catch (error) {
        // Slow or half-broken: start the subscriber over, which subscribes every channel listened to again.
        this.logger.warn({ err: error, channel }, 'A Redis subscribe failed; reconnecting the subscriber');
        this.subscriber.disconnect(true);
      }
    }
    return unsubscribe;
  }

  private deliver(channel: string, message: Buffer): void {
    if (channel === this.heartbeatChannel) return this.heard(message);
    for (const listener of [...(this.listeners.get(channel) ?? [])]) {
      try {
        listener(message);
      } catch (error) {
        this.logger.warn({ err: error, channel }, 'A cluster message could not be handled');
      }
    }
  }

  /** Heartbeats: `<instance id (36 bytes)><payload>`; our own proves the round trip through Redis. */
  private heard(message: Buffer): void {
    const sender = message.subarray(0, 36).toString();
    if (sender === this.instanceId) {
      this.lastEchoAt = Date.now();
      if (this.stateValue === 'degraded') this.markHealed();
      return;
    }
    try {
      this.onPeerHeartbeat(message);
    } catch (error) {
      this.logger.warn({ err: error }, 'A peer heartbeat could not be handled');
    }
  }

  /** Sends a heartbeat now (also called after each commit, so that peers learn promptly what is stored). */
  beatNow(): void {
    if (this.closed) return;
    void this.publish(this.heartbeatChannel, Buffer.concat([Buffer.from(this.instanceId), this.heartbeatPayload()]));
  }

  private beat(): void {
    this.beatNow();
    const silentFor = Date.now() - this.lastEchoAt;
    if (this.stateValue === 'connected' && silentFor > this.options.instanceTimeoutMs) {
      this.markDegraded(`no heartbeat came back for ${silentFor} ms`);
      // A Redis that stalls may keep its sockets open: start over.
      this.publisher.disconnect(true);
      this.subscriber.disconnect(true);
    }
    for (const listener of this.heartbeatListeners) listener();
  }

  private async resubscribe(): Promise<void> {
    const channels = [this.heartbeatChannel, ...this.listeners.keys()];
    try {
      await this.subscriber.subscribe(...channels);
      // The heal is announced by the next echo of our heartbeat, once every channel is back.
      this.beatNow();
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not subscribe to the cluster channels; retrying at the next reconnection');
      this.subscriber.disconnect(true);
    }
  }

  private markDegraded(reason: string): void {
    if (this.stateValue === 'degraded' || this.closed) return;
    this.stateValue = 'degraded';
    this.degradedSince = Date.now();
    this.logger.error({ reason }, 'Lost the link to the other instances through Redis: serving this instance\'s clients alone');
    for (const listener of this.degradedListeners) listener();
  }

  private markHealed(): void {
    this.stateValue = 'connected';
    this.logger.log({ degradedForMs: Date.now() - this.degradedSince }, 'Linked to the other instances through Redis');
    for (const listener of this.healedListeners) listener();
  }

  get degradedForMs(): number {
    return this.stateValue === 'degraded' ? Date.now() - this.degradedSince : 0;
  }
}
