import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

const NOT_FOUND_SENTENCES = {
  member: 'server.errors.memberNotFound',
  partner: 'server.errors.partnerNotFound',
  'working group': 'server.errors.workingGroupNotFound',
} as const;

export class NetworkRecordNotFoundException extends DomainException {
  constructor(what: 'member' | 'partner' | 'working group', id: string) {
    super(`${what.toUpperCase().replace(' ', '_')}_NOT_FOUND`, HttpStatus.NOT_FOUND, { key: NOT_FOUND_SENTENCES[what], params: { id } });
  }
}

export class MemberEmailTakenException extends DomainException {
  constructor(email: string) {
    super('MEMBER_EMAIL_TAKEN', HttpStatus.CONFLICT, { key: 'server.errors.memberEmailTaken', params: { email } });
  }
}

export class LastCoordinatorException extends DomainException {
  constructor() {
    super('LAST_COORDINATOR', HttpStatus.CONFLICT, { key: 'server.errors.lastCoordinator' });
  }
}

export class PartnerRoleTakenException extends DomainException {
  constructor(role: 'delegate' | 'substitute', holder: string) {
    // One sentence per role: the role's name changes form inside the sentence in other languages.
    super('PARTNER_ROLE_TAKEN', HttpStatus.CONFLICT, { key: role === 'delegate' ? 'server.errors.delegateTaken' : 'server.errors.substituteTaken', params: { holder } });
  }
}
