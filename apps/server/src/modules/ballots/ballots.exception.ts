import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class BallotNotFoundException extends DomainException {
  constructor() {
    super('BALLOT_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.ballots.errors.notFound' });
  }
}

/** Voting is for the delegate of a partner, or its substitute. */
export class NotYourPartnersVoteException extends DomainException {
  constructor() {
    super('BALLOT_NOT_A_DELEGATE', HttpStatus.FORBIDDEN, { key: 'server.ballots.errors.notDelegate' });
  }
}

/** A partner that was not in the network when the ballot opened has no vote on it. */
export class PartnerNotEligibleException extends DomainException {
  constructor() {
    super('BALLOT_PARTNER_NOT_ELIGIBLE', HttpStatus.FORBIDDEN, { key: 'server.ballots.errors.partnerNotEligible' });
  }
}

/** The substitute casts only while the delegate has not. */
export class DelegateAlreadyVotedException extends DomainException {
  constructor() {
    super('BALLOT_DELEGATE_ALREADY_VOTED', HttpStatus.FORBIDDEN, { key: 'server.ballots.errors.delegateAlreadyVoted' });
  }
}

export class BallotManagementNotAllowedException extends DomainException {
  constructor() {
    super('BALLOT_MANAGEMENT_NOT_ALLOWED', HttpStatus.FORBIDDEN, { key: 'server.ballots.errors.coordinatorsOnly' });
  }
}

export class BallotClosedException extends DomainException {
  constructor() {
    super('BALLOT_CLOSED', HttpStatus.CONFLICT, { key: 'server.ballots.errors.closed' });
  }
}

export class BallotNotClosedException extends DomainException {
  constructor() {
    super('BALLOT_NOT_CLOSED', HttpStatus.CONFLICT, { key: 'server.ballots.errors.notClosed' });
  }
}

export class BallotEarlyCloseNotAllowedException extends DomainException {
  constructor(voted: number, eligible: number) {
    super('BALLOT_EARLY_CLOSE_NOT_ALLOWED', HttpStatus.CONFLICT, { key: 'server.ballots.errors.earlyClose', params: { voted, eligible } });
  }
}

export class BallotDeadlineInvalidException extends DomainException {
  constructor(maxDays: number) {
    super('BALLOT_DEADLINE_INVALID', HttpStatus.BAD_REQUEST, { key: 'server.ballots.errors.deadline', params: { maxDays } });
  }
}

export class BallotAlreadyOpenException extends DomainException {
  constructor() {
    super('BALLOT_ALREADY_OPEN', HttpStatus.CONFLICT, { key: 'server.ballots.errors.alreadyOpen' });
  }
}

/** A recommendation already adopted, or published, is not put to the vote again. */
export class RecommendationNotVotableException extends DomainException {
  constructor(status: string) {
    super('BALLOT_RECOMMENDATION_NOT_VOTABLE', HttpStatus.CONFLICT, { key: 'server.ballots.errors.notVotable', params: { status } });
  }
}

export class BallotProposalInvalidException extends DomainException {
  constructor() {
    super('BALLOT_PROPOSAL_INVALID', HttpStatus.BAD_REQUEST, { key: 'server.ballots.errors.proposal' });
  }
}

/** Only an open amendment (not withdrawn, declined, adopted or already under vote) is put to the vote. */
export class AmendmentNotVotableException extends DomainException {
  constructor(status: string) {
    super('BALLOT_AMENDMENT_NOT_VOTABLE', HttpStatus.CONFLICT, { key: 'server.ballots.errors.amendmentNotVotable', params: { status } });
  }
}
