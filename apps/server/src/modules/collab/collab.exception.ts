import { CollabCloseCode, type CollabCloseCodeValue } from '@accord/contracts';
import type { TrafficLimits } from './traffic-budget';

/** Why the server ends a collaboration connection; the gateway turns it into a close frame. */
export class CollabException extends Error {
  constructor(
    readonly closeCode: CollabCloseCodeValue,
    /** Sent as the close reason (at most 123 bytes): a sentence a client developer can act on. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'CollabException';
  }

  static malformed(detail: string): CollabException {
    return new CollabException(CollabCloseCode.malformedMessage, `Malformed message: ${detail}`.slice(0, 120));
  }

  static unknownMessageType(type: number): CollabException {
    return new CollabException(CollabCloseCode.unknownMessageType, `Unknown message type ${type}`);
  }

  static invalidUpdate(detail: string): CollabException {
    return new CollabException(CollabCloseCode.invalidUpdate, `Update rejected: ${detail}`.slice(0, 120));
  }

  static documentNotFound(): CollabException {
    return new CollabException(CollabCloseCode.documentNotFound, 'No document with this id');
  }

  static foreignOrigin(): CollabException {
    return new CollabException(CollabCloseCode.forbidden, 'Session cookies are accepted only from the Accord page (PUBLIC_URL); other clients use ?token=');
  }

  static tooManyEarlyFrames(): CollabException {
    return new CollabException(CollabCloseCode.malformedMessage, 'Too many messages before the connection was admitted; wait for the sync step 1');
  }

  static rateLimited(limits: TrafficLimits): CollabException {
    return new CollabException(
      CollabCloseCode.rateLimited,
      `Over the budget of ${limits.messagesPerSecond} messages and ${limits.bytesPerSecond} bytes per second; slow down`,
    );
  }

  static documentTooLarge(maxBytes: number): CollabException {
    return new CollabException(CollabCloseCode.documentTooLarge, `The document would exceed its limit of ${maxBytes} bytes; nothing was applied. Delete something first`);
  }

  static readOnlyViolation(refused: number): CollabException {
    return new CollabException(CollabCloseCode.readOnlyViolation, `Closed after ${refused} refused updates: this connection is read-only`);
  }

  static storageUnavailable(): CollabException {
    return new CollabException(CollabCloseCode.storageUnavailable, 'Storage unavailable; your edits are kept, retry shortly');
  }
}
