import type { DocumentBusEvent } from '@accord/contracts';
import { Injectable, Logger } from '@nestjs/common';

export type DocumentEventHandler = (event: DocumentBusEvent) => void;

/**
 * News about a document besides its text (comment threads), from whoever causes it (REST
 * services) to whoever shows it (the collaboration websocket's connections to that document).
 *
 * The interface is deliberately narrow so that a later issue can put Redis pub/sub behind it for
 * several server instances without touching publishers or subscribers.
 */
export interface DocumentEventBus {
  publish(documentId: string, event: DocumentBusEvent): void;
  /** Returns the unsubscribe function; calling it twice is harmless. */
  subscribe(documentId: string, handler: DocumentEventHandler): () => void;
}

/** The injection token of the bus. */
export const DOCUMENT_EVENT_BUS = Symbol('DocumentEventBus');

/** The bus within one process: a set of handlers per document, called synchronously. */
@Injectable()
export class InProcessDocumentEventBus implements DocumentEventBus {
  private readonly logger = new Logger(InProcessDocumentEventBus.name);
  private readonly handlers = new Map<string, Set<DocumentEventHandler>>();

  publish(documentId: string, event: DocumentBusEvent): void {
    for (const handler of [...(this.handlers.get(documentId) ?? [])]) {
      try {
        handler(event);
      } catch (error) {
        // One failing subscriber must not keep the news from the others, nor fail the publisher.
        this.logger.warn({ documentId, err: error }, 'A document event subscriber failed');
      }
    }
  }

  subscribe(documentId: string, handler: DocumentEventHandler): () => void {
    let handlers = this.handlers.get(documentId);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(documentId, handlers);
    }
    handlers.add(handler);
    return () => {
      const current = this.handlers.get(documentId);
      if (!current?.delete(handler)) return;
      if (current.size === 0) this.handlers.delete(documentId);
    };
  }

  /** Documents with at least one subscriber (for tests and stats). */
  get subscribedDocuments(): number {
    return this.handlers.size;
  }
}
