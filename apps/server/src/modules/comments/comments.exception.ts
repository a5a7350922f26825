import { COMMENT_LIMITS } from '@accord/contracts';
import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class ThreadNotFoundException extends DomainException {
  constructor(id: string) {
    super('THREAD_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.errors.threadNotFound', params: { id } });
  }
}

export class CommentNotFoundException extends DomainException {
  constructor(id: string) {
    super('COMMENT_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.errors.commentNotFound', params: { id } });
  }
}

export class NotificationNotFoundException extends DomainException {
  constructor(id: string) {
    super('NOTIFICATION_NOT_FOUND', HttpStatus.NOT_FOUND, { key: 'server.errors.notificationNotFound', params: { id } });
  }
}

export class CommentingNotAllowedException extends DomainException {
  constructor() {
    super('COMMENTING_NOT_ALLOWED', HttpStatus.FORBIDDEN, { key: 'server.errors.commentingNotAllowed' });
  }
}

export class NotCommentAuthorException extends DomainException {
  constructor() {
    super('NOT_COMMENT_AUTHOR', HttpStatus.FORBIDDEN, { key: 'server.errors.notCommentAuthor' });
  }
}

export class CommentRemovedException extends DomainException {
  constructor() {
    super('COMMENT_REMOVED', HttpStatus.CONFLICT, { key: 'server.errors.commentRemoved' });
  }
}

export class CommentBodyInvalidException extends DomainException {
  constructor(detail: string) {
    super('COMMENT_BODY_INVALID', HttpStatus.BAD_REQUEST, { key: 'server.errors.commentBodyInvalid', params: { detail } });
  }
}

export class CommentTooLongException extends DomainException {
  constructor(characters: number) {
    super('COMMENT_TOO_LONG', HttpStatus.BAD_REQUEST, { key: 'server.errors.commentTooLong', params: { count: COMMENT_LIMITS.characters, characters } });
  }
}

export class CommentEmptyException extends DomainException {
  constructor() {
    super('COMMENT_EMPTY', HttpStatus.BAD_REQUEST, { key: 'server.errors.commentEmpty' });
  }
}

export class AnchorInvalidException extends DomainException {
  constructor(detail: string) {
    super('ANCHOR_INVALID', HttpStatus.BAD_REQUEST, { key: 'server.errors.anchorInvalid', params: { detail } });
  }
}

export class MentionUnknownMemberException extends DomainException {
  constructor(id: string) {
    super('MENTION_UNKNOWN_MEMBER', HttpStatus.BAD_REQUEST, { key: 'server.errors.mentionUnknownMember', params: { id } });
  }
}

/** What a write referred to changed while it ran (for example a member mentioned was removed). */
export class CommentTargetChangedException extends DomainException {
  constructor() {
    super('COMMENT_TARGET_CHANGED', HttpStatus.CONFLICT, { key: 'server.errors.commentTargetChanged' });
  }
}
