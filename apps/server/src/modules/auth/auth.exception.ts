import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class NotSignedInException extends DomainException {
  constructor() {
    super('NOT_SIGNED_IN', HttpStatus.UNAUTHORIZED, { key: 'server.errors.notSignedIn' });
  }
}

export class CsrfTokenException extends DomainException {
  constructor() {
    super('CSRF_TOKEN_INVALID', HttpStatus.FORBIDDEN, { key: 'server.errors.csrfTokenInvalid' });
  }
}

export class NotAllowedException extends DomainException {
  constructor() {
    super('NOT_ALLOWED', HttpStatus.FORBIDDEN, { key: 'server.errors.notAllowed' });
  }
}

export class InvalidCredentialsException extends DomainException {
  constructor() {
    super('INVALID_CREDENTIALS', HttpStatus.UNAUTHORIZED, { key: 'server.errors.invalidCredentials' });
  }
}

export class SignInThrottledException extends DomainException {
  constructor(minutes: number) {
    super('SIGN_IN_THROTTLED', HttpStatus.TOO_MANY_REQUESTS, { key: 'server.errors.signInThrottled', params: { count: minutes } });
  }
}

export class PasswordResetThrottledException extends DomainException {
  constructor(minutes: number) {
    super('PASSWORD_RESET_THROTTLED', HttpStatus.TOO_MANY_REQUESTS, { key: 'server.errors.passwordResetThrottled', params: { count: minutes } });
  }
}

export class AccountLinkInvalidException extends DomainException {
  constructor() {
    super('LINK_INVALID', HttpStatus.GONE, { key: 'server.errors.linkInvalid' });
  }
}

export class AccountLinkThrottledException extends DomainException {
  constructor(minutes: number) {
    super('LINK_THROTTLED', HttpStatus.TOO_MANY_REQUESTS, { key: 'server.errors.linkThrottled', params: { count: minutes } });
  }
}

export class DemoAccountDisabledException extends DomainException {
  constructor() {
    super('DEMO_ACCOUNT_DISABLED', HttpStatus.FORBIDDEN, { key: 'server.errors.demoAccountDisabled' });
  }
}
