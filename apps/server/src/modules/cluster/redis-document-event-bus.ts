import type { DocumentEvent } from '@accord/contracts';
import { Logger } from '@nestjs/common';
import { type DocumentEventBus, type DocumentEventHandler, InProcessDocumentEventBus } from '../events/document-event-bus';
import type { ClusterLink } from './cluster-link';
import { decodeJsonMessage, encodeJsonMessage } from './cluster-messages';

/**
 * The document event bus across instances: an event reaches this instance's subscribers at once
 * (as with one instance) and is published once on the document's event channel, which an instance
 * listens to while it has subscribers for that document. Events from other instances are delivered
 * locally only, never published again.
 */
export class RedisDocumentEventBus implements DocumentEventBus {
  private readonly logger = new Logger(RedisDocumentEventBus.name);
  private readonly local = new InProcessDocumentEventBus();
  private readonly channels = new Map<string, { subscribers: number; unsubscribe: Promise<() => void> }>();

  constructor(private readonly link: ClusterLink) {}

  publish(documentId: string, event: DocumentEvent): void {
    this.local.publish(documentId, event);
    void this.link.publish(this.channelOf(documentId), encodeJsonMessage(this.link.instanceId, event));
  }

  subscribe(documentId: string, handler: DocumentEventHandler): () => void {
    const unsubscribeLocal = this.local.subscribe(documentId, handler);
    let channel = this.channels.get(documentId);
    if (!channel) {
      channel = { subscribers: 0, unsubscribe: this.link.subscribe(this.channelOf(documentId), (message) => this.receive(documentId, message)) };
      this.channels.set(documentId, channel);
    }
    channel.subscribers++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      unsubscribeLocal();
      const current = this.channels.get(documentId);
      if (!current || --current.subscribers > 0) return;
      this.channels.delete(documentId);
      void current.unsubscribe.then((unsubscribe) => unsubscribe());
    };
  }

  private receive(documentId: string, message: Buffer): void {
    const decoded = decodeJsonMessage(message);
    if (!decoded || decoded.sender === this.link.instanceId) return;
    if (typeof decoded.body !== 'object' || decoded.body === null || typeof (decoded.body as { kind?: unknown }).kind !== 'string') {
      this.logger.warn({ documentId }, 'Dropped a malformed document event from another instance');
      return;
    }
    this.local.publish(documentId, decoded.body as DocumentEvent);
  }

  private channelOf(documentId: string): string {
    return `${this.link.options.keyPrefix}events:${documentId}`;
  }
}
