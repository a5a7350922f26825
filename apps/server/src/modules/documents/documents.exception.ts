import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class RecommendationNotFoundException extends DomainException {
  constructor(id: string) {
    super('RECOMMENDATION_NOT_FOUND', HttpStatus.NOT_FOUND, `There is no recommendation with id ${id}. Check the link or go back to the list.`);
  }
}

export class WorkingGroupNotFoundException extends DomainException {
  constructor(id: string) {
    super('WORKING_GROUP_NOT_FOUND', HttpStatus.NOT_FOUND, `There is no working group with id ${id} in your network.`);
  }
}

export class NotInWorkingGroupException extends DomainException {
  constructor() {
    super('NOT_IN_WORKING_GROUP', HttpStatus.FORBIDDEN, 'You can start recommendations only in working groups you belong to. Ask a coordinator to add you.');
  }
}

export class StatusNotSetByHandException extends DomainException {
  constructor(current: string) {
    super('STATUS_NOT_SET_BY_HAND', HttpStatus.CONFLICT, `This recommendation is ${current.replace('_', ' ')}: that status comes from a ballot or a published edition and cannot be changed by hand.`);
  }
}
