import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class NetworkRecordNotFoundException extends DomainException {
  constructor(what: 'member' | 'partner' | 'working group', id: string) {
    super(`${what.toUpperCase().replace(' ', '_')}_NOT_FOUND`, HttpStatus.NOT_FOUND, `There is no ${what} with id ${id} in your network. Reload the page and try again.`);
  }
}

export class MemberEmailTakenException extends DomainException {
  constructor(email: string) {
    super('MEMBER_EMAIL_TAKEN', HttpStatus.CONFLICT, `${email} already has an Accord account. Use another address, or change the existing member's roles.`);
  }
}

export class LastCoordinatorException extends DomainException {
  constructor() {
    super('LAST_COORDINATOR', HttpStatus.CONFLICT, 'A network needs at least one coordinator. Make someone else coordinator first.');
  }
}

export class PartnerRoleTakenException extends DomainException {
  constructor(role: 'delegate' | 'substitute', holder: string) {
    super(
      'PARTNER_ROLE_TAKEN',
      HttpStatus.CONFLICT,
      `A partner has one ${role}, and ${holder} already is this partner's ${role}. Take the role from them first.`,
    );
  }
}
