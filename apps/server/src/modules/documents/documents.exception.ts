import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class RecommendationNotFoundException extends DomainException {
  constructor(id: string) {
    super('RECOMMENDATION_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.errors.recommendationNotFound', params: { id } });
  }
}

export class WorkingGroupNotFoundException extends DomainException {
  constructor(id: string) {
    super('WORKING_GROUP_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.errors.workingGroupNotFound', params: { id } });
  }
}

export class NotInWorkingGroupException extends DomainException {
  constructor() {
    super('NOT_IN_WORKING_GROUP', HttpStatus.FORBIDDEN, { key: 'server.errors.notInWorkingGroup' });
  }
}

export class StatusNotSetByHandException extends DomainException {
  constructor() {
    super('STATUS_NOT_SET_BY_HAND', HttpStatus.CONFLICT, { key: 'server.errors.statusNotSetByHand' });
  }
}

/** A published recommendation stays: its editions are public and immutable. */
export class RecommendationPublishedException extends DomainException {
  constructor() {
    super('RECOMMENDATION_PUBLISHED', HttpStatus.CONFLICT, { key: 'server.errors.recommendationPublished' });
  }
}
