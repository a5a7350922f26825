import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

/** Publishing is for the coordinators of the lead partner. */
export class PublishingNotAllowedException extends DomainException {
  constructor() {
    super('PUBLISHING_NOT_ALLOWED', HttpStatus.FORBIDDEN, { key: 'server.errors.publishingNotAllowed' });
  }
}

export class RecommendationNotAdoptedException extends DomainException {
  constructor() {
    super('RECOMMENDATION_NOT_ADOPTED', HttpStatus.CONFLICT, { key: 'server.errors.recommendationNotAdopted' });
  }
}

export class RecommendationNotPublishedException extends DomainException {
  constructor() {
    super('RECOMMENDATION_NOT_PUBLISHED', HttpStatus.CONFLICT, { key: 'server.errors.recommendationNotPublished' });
  }
}

/** An erratum must change the text: the chosen version equals the latest edition's. */
export class ErratumUnchangedException extends DomainException {
  constructor() {
    super('ERRATUM_UNCHANGED', HttpStatus.CONFLICT, { key: 'server.errors.erratumUnchanged' });
  }
}

/** A PDF was asked for on a server without Chromium. */
export class PdfUnavailableException extends DomainException {
  constructor() {
    super('PDF_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, { key: 'server.errors.pdfUnavailable' });
  }
}
