import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class AmendmentNotFoundException extends DomainException {
  constructor(id: string) {
    super('AMENDMENT_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.amendments.notFound', params: { id } });
  }
}

export class AmendingNotAllowedException extends DomainException {
  constructor() {
    super('AMENDING_NOT_ALLOWED', HttpStatus.FORBIDDEN, { key: 'server.amendments.amendingNotAllowed' });
  }
}

export class NotAmendmentAuthorException extends DomainException {
  constructor() {
    super('NOT_AMENDMENT_AUTHOR', HttpStatus.FORBIDDEN, { key: 'server.amendments.notAuthor' });
  }
}

export class AmendmentNotOpenException extends DomainException {
  constructor(status: string) {
    super('AMENDMENT_NOT_OPEN', HttpStatus.CONFLICT, { key: 'server.amendments.notOpen', params: { status } });
  }
}

export class PassageInvalidException extends DomainException {
  constructor() {
    super('PASSAGE_INVALID', HttpStatus.CONFLICT, { key: 'server.amendments.passageInvalid' });
  }
}

export class AmendmentInviteeUnknownException extends DomainException {
  constructor(id: string) {
    super('AMENDMENT_INVITEE_UNKNOWN', HttpStatus.BAD_REQUEST, { key: 'server.amendments.inviteeUnknown', params: { id } });
  }
}

export class ThreadNotInRecommendationException extends DomainException {
  constructor(id: string) {
    super('THREAD_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.amendments.threadNotFound', params: { id } });
  }
}
