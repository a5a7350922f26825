import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception';

export class NotSignedInException extends DomainException {
  constructor() {
    super('NOT_SIGNED_IN', HttpStatus.UNAUTHORIZED, 'Sign in to continue; your session may have expired.');
  }
}

export class CsrfTokenException extends DomainException {
  constructor() {
    super('CSRF_TOKEN_INVALID', HttpStatus.FORBIDDEN, 'The request was not sent by the Accord page (missing or wrong x-csrf-token header). Reload the page and try again.');
  }
}

export class NotAllowedException extends DomainException {
  constructor(what = 'do this') {
    super('NOT_ALLOWED', HttpStatus.FORBIDDEN, `Your role does not allow you to ${what}. Ask a coordinator of your network if you need it.`);
  }
}

export class InvalidCredentialsException extends DomainException {
  constructor() {
    super('INVALID_CREDENTIALS', HttpStatus.UNAUTHORIZED, 'The e-mail address or the password is wrong. Check both, or reset your password.');
  }
}

export class SignInThrottledException extends DomainException {
  constructor(minutes: number) {
    super(
      'SIGN_IN_THROTTLED',
      HttpStatus.TOO_MANY_REQUESTS,
      `Too many failed sign-ins for this account or from this address. Wait ${minutes} minutes and try again, or reset your password.`,
    );
  }
}

export class PasswordResetThrottledException extends DomainException {
  constructor(minutes: number) {
    super('PASSWORD_RESET_THROTTLED', HttpStatus.TOO_MANY_REQUESTS, `Too many password reset requests from this address. Wait ${minutes} minutes and try again.`);
  }
}

export class AccountLinkInvalidException extends DomainException {
  constructor() {
    super('LINK_INVALID', HttpStatus.GONE, 'This link has expired or was already used. Ask your coordinator for a new invitation, or request a new password reset.');
  }
}

export class AccountLinkThrottledException extends DomainException {
  constructor(minutes: number) {
    super('LINK_THROTTLED', HttpStatus.TOO_MANY_REQUESTS, `Too many invalid links were tried from this address. Wait ${minutes} minutes and try again.`);
  }
}

export class DemoAccountDisabledException extends DomainException {
  constructor() {
    super('DEMO_ACCOUNT_DISABLED', HttpStatus.FORBIDDEN, 'This is a demo account, and demo mode is off on this server. Sign in with your own account, or ask your coordinator for an invitation.');
  }
}
