import { DOCUMENT_EVENTS_PARAM, DOCUMENT_EVENTS_VALUE, encodeDocumentEvent, type DocumentBusEvent } from '@accord/contracts';
import type { DocumentEventBus } from '../events/document-event-bus';
import type { CollabConnection } from './collab-connection';
import { encodeBinaryFrame } from './protocol/ws-frame';

/** Each event framed once, however many connections it goes to. */
const framed = new WeakMap<DocumentBusEvent, Buffer>();

/** Whether the client asked for document events (`?events=document`); stock clients do not. */
export function wantsDocumentEvents(url: string | undefined): boolean {
  return new URL(url ?? '/', 'ws://localhost').searchParams.get(DOCUMENT_EVENTS_PARAM) === DOCUMENT_EVENTS_VALUE;
}

/**
 * The fan-out step for news that is not text: forwards the document's events from the bus to an
 * admitted connection that asked for them, until it closes. Returns the unsubscribe, or null.
 */
export function relayDocumentEvents(bus: DocumentEventBus, connection: CollabConnection, url: string | undefined): (() => void) | null {
  if (!wantsDocumentEvents(url)) return null;
  const unsubscribe = bus.subscribe(connection.documentId, (event) => {
    let frame = framed.get(event);
    if (!frame) {
      frame = encodeBinaryFrame(encodeDocumentEvent(event));
      framed.set(event, frame);
    }
    connection.sendFrame(frame);
  });
  connection.socket.once('close', unsubscribe);
  return unsubscribe;
}
