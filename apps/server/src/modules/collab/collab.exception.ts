import { CollabCloseCode, frozenUntilOf, type CollabCloseCodeValue } from '@accord/contracts';
import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';
import type { Language } from '@accord/i18n';
import { translate, type ServerMessageKey } from '../../common/i18n/translator';
import type { TrafficLimits } from './traffic-budget';

/** Why the server ends a collaboration connection; the gateway turns it into a close frame. */
export class CollabException extends Error {
  constructor(
    readonly closeCode: CollabCloseCodeValue,
    /** Sent as the close reason (at most 123 bytes): a sentence a client developer can act on. */
    readonly reason: string,
    /** For reasons people read: the catalogue key of the sentence, sent in the member's language. */
    readonly sentence?: ServerMessageKey,
  ) {
    super(reason);
    this.name = 'CollabException';
  }

  /** Set when the member was known before the refusal: their language wins over the connection's. */
  memberLanguage: Language | null = null;

  /** The close reason in this language; protocol errors (for client developers) stay in English. */
  reasonIn(language: Language): string {
    return this.sentence ? closeReason(this.memberLanguage ?? language, this.sentence) : this.reason;
  }

  forMember(language: Language): this {
    this.memberLanguage = language;
    return this;
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
    return new CollabException(CollabCloseCode.documentNotFound, 'No document with this id', 'server.closeReason.documentNotFound');
  }

  static foreignOrigin(): CollabException {
    return new CollabException(CollabCloseCode.forbidden, 'Session cookies are accepted only from the Accord page (PUBLIC_URL); other clients use ?token=', 'server.closeReason.foreignOrigin');
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
    return new CollabException(CollabCloseCode.storageUnavailable, 'Storage unavailable; your edits are kept, retry shortly', 'server.closeReason.storageUnavailable');
  }

  static signInFirst(): CollabException {
    return new CollabException(CollabCloseCode.unauthenticated, 'Sign in first: no session cookie or ?token=', 'server.closeReason.signInFirst');
  }

  static tokenExpired(): CollabException {
    return new CollabException(CollabCloseCode.unauthenticated, 'Collaboration token unknown or expired; ask POST /api/auth/collab-token for a new one', 'server.closeReason.tokenExpired');
  }
}

/** A close reason people read, in their language (the catalogue test keeps each within the 123 bytes a close frame holds). */
export function closeReason(language: Language, key: ServerMessageKey): string {
  return translate(language, key);
}

/** A change the server was asked to make (a restore) to a text that is frozen while a vote on it is open. */
export class DocumentFrozenException extends DomainException {
  constructor(reason: string) {
    const until = frozenUntilOf(reason) ?? '';
    super('DOCUMENT_FROZEN', HttpStatus.CONFLICT, { key: 'server.ballots.errors.frozen', params: { until } });
  }
}
