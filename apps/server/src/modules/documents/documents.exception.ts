import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class RecommendationNotFoundException extends DomainException {
  constructor(id: string) {
    super('RECOMMENDATION_NOT_FOUND', HttpStatus.NOT_FOUND, `There is no recommendation with id ${id}. Check the link or go back to the list.`);
  }
}
