import { CollabCloseCode, type CollabCloseCodeValue } from '@accord/contracts';

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

  static storageUnavailable(): CollabException {
    return new CollabException(CollabCloseCode.storageUnavailable, 'Storage unavailable; your edits are kept, retry shortly');
  }
}
