import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class VersionNotFoundException extends DomainException {
  constructor(number: number) {
    super('VERSION_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.errors.versionNotFound', params: { number } });
  }
}

/** Naming and restoring versions is for those who may edit the text. */
export class VersionEditingNotAllowedException extends DomainException {
  constructor() {
    super('VERSION_EDITING_NOT_ALLOWED', HttpStatus.FORBIDDEN, { key: 'server.errors.versionEditingNotAllowed' });
  }
}

/** The text could not be read (the document is gone, or its stored state does not decode). */
export class VersionStateUnavailableException extends DomainException {
  constructor() {
    super('VERSION_STATE_UNAVAILABLE', HttpStatus.CONFLICT, { key: 'server.errors.versionStateUnavailable' });
  }
}
