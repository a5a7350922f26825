import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Language } from '@accord/i18n';
import { languageFor, translate } from '../../common/i18n/translator';
import type { AppConfig } from '../../config/app-config';
import { DEMO_ACCOUNTS } from '../../database/seed/demo-network';
import { actorOf, AuditService } from '../audit/audit.service';
import { LINK_PLACEHOLDER, MailService } from '../mail/mail.service';
import type { AccountTokenPurpose } from './account-token.entity';
import { AuthRepository, type SessionMember } from './auth.repository';
import { AccountLinkInvalidException, AccountLinkThrottledException, DemoAccountDisabledException, InvalidCredentialsException, NotSignedInException, PasswordResetThrottledException, SignInThrottledException } from './auth.exception';
import type { AuthenticatedMember, MemberContext, RequestOrigin } from './authenticated-member';
import type { CollabTokenDto, DemoAccountDto, SignedInMemberDto } from './dto/session-response.dto';
import { DUMMY_PASSWORD_HASH, hashPassword, hashSecretToken, newSecretToken, verifyPassword } from './secret-token';
import type { EntityManager } from 'typeorm';

export interface BrowserSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  member: SignedInMemberDto;
}

/** Sign-in and sign-out, sessions, collaboration tokens, invitation and password reset links. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly auth: AuthRepository,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async signIn(email: string, password: string, origin: RequestOrigin): Promise<BrowserSession> {
    const windowMinutes = this.config.get('LOGIN_THROTTLE_WINDOW_MINUTES', { infer: true });
    // The attempt is counted before the (slow) password check, so parallel guesses cannot all pass the limit.
    const { attemptId, failures } = await this.auth.beginAttempt(email, origin.remoteAddress, windowMinutes, {
      perAccount: this.config.get('LOGIN_MAX_FAILURES_PER_ACCOUNT', { infer: true }),
      perAddress: this.config.get('LOGIN_MAX_FAILURES_PER_ADDRESS', { infer: true }),
    });
    const member = await this.auth.findMemberForSignIn(email);
    if (!attemptId) {
      await this.audit.record({ networkId: member?.networkId ?? null, actor: { memberId: member?.memberId ?? null, label: email }, action: 'sign-in.throttled', detail: { ...failures }, remoteAddress: origin.remoteAddress });
      throw new SignInThrottledException(windowMinutes);
    }
    if (member?.demo && !this.config.get('SEED_DEMO', { infer: true })) {
      // Its password is published: outside demo mode it opens nothing.
      await this.audit.record({ networkId: member.networkId, actor: { memberId: member.memberId, label: email }, action: 'sign-in.demo-refused', remoteAddress: origin.remoteAddress });
      throw new DemoAccountDisabledException();
    }
    const valid = await verifyPassword(member?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
    if (!member || !member.passwordHash || !valid) {
      await this.audit.record({ networkId: member?.networkId ?? null, actor: { memberId: member?.memberId ?? null, label: email }, action: 'sign-in.failed', remoteAddress: origin.remoteAddress });
      throw new InvalidCredentialsException();
    }
    await this.auth.markAttemptSucceeded(attemptId);
    const token = newSecretToken();
    const csrfToken = newSecretToken();
    const expiresAt = new Date(Date.now() + this.config.get('SESSION_TTL_HOURS', { infer: true }) * 3_600_000);
    await this.auth.createSession({ tokenHash: hashSecretToken(token), memberId: member.memberId, kind: 'browser', parentSessionId: null, csrfToken, remoteAddress: origin.remoteAddress, userAgent: origin.userAgent, expiresAt });
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'sign-in', remoteAddress: origin.remoteAddress });
    return { token, csrfToken, expiresAt, member: await this.describe(member) };
  }

  async signOut(member: AuthenticatedMember, origin: RequestOrigin): Promise<void> {
    await this.auth.deleteSession(member.sessionId);
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'sign-out', remoteAddress: origin.remoteAddress });
  }

  /** The member behind a session cookie, or null when it is unknown, signed out or expired. */
  resolveBrowserSession(token: string): Promise<SessionMember | null> {
    return this.auth.findSession(hashSecretToken(token), 'browser');
  }

  resolveCollabToken(token: string): Promise<SessionMember | null> {
    return this.auth.findSession(hashSecretToken(token), 'collab');
  }

  /** Bound to the asking browser session: signing out or resetting the password ends the token and its connections. */
  async issueCollabToken(member: AuthenticatedMember, origin: RequestOrigin): Promise<CollabTokenDto> {
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + this.config.get('COLLAB_TOKEN_TTL_SECONDS', { infer: true }) * 1000);
    await this.auth.createSession({ tokenHash: hashSecretToken(token), memberId: member.memberId, kind: 'collab', parentSessionId: member.sessionId, csrfToken: null, remoteAddress: origin.remoteAddress, userAgent: origin.userAgent, expiresAt });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  async describe(member: MemberContext): Promise<SignedInMemberDto> {
    const details = await this.auth.signedInMemberDetails(member.memberId);
    if (!details) throw new NotSignedInException();
    return {
      id: member.memberId,
      displayName: member.displayName,
      email: member.email,
      roles: [...member.roles],
      partner: { id: member.partnerId, name: details.partnerName, country: details.partnerCountry },
      network: { id: member.networkId, name: details.networkName },
      workingGroupIds: [...member.workingGroupIds],
      language: member.language,
    };
  }

  /** Stores the member's language; the answer is the member as the session now describes them. */
  async chooseLanguage(member: AuthenticatedMember, language: Language): Promise<SignedInMemberDto> {
    await this.auth.setLanguage(member.memberId, language);
    return this.describe({ ...member, language });
  }

  demoAccounts(): DemoAccountDto[] | null {
    return this.config.get('SEED_DEMO', { infer: true }) ? DEMO_ACCOUNTS.map((account) => ({ ...account })) : null;
  }

  /**
   * Creates a single-use link token for a member, inside the caller's transaction when given.
   * Returns the secret, which only ever appears in the mail.
   */
  async createAccountToken(memberId: string, purpose: AccountTokenPurpose, createdBy: string | null, manager?: EntityManager): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecretToken();
    const ttlMs = purpose === 'invitation' ? this.config.get('INVITATION_TTL_HOURS', { infer: true }) * 3_600_000 : this.config.get('PASSWORD_RESET_TTL_MINUTES', { infer: true }) * 60_000;
    const expiresAt = new Date(Date.now() + ttlMs);
    await this.auth.createAccountToken({ tokenHash: hashSecretToken(token), memberId, purpose, createdBy, expiresAt }, manager);
    return { token, expiresAt };
  }

  linkFor(purpose: AccountTokenPurpose, token: string): string {
    const base = this.config.get('PUBLIC_URL', { infer: true }).replace(/\/$/, '');
    return `${base}/#/${purpose === 'invitation' ? 'invitation' : 'reset-password'}/${token}`;
  }

  /**
   * Sets the password through an invitation or reset link; the link then stops working. Throttled
   * per address (counted in PostgreSQL), and the link is checked before the password is hashed:
   * random tokens cost a lookup, never an argon2 run.
   */
  async setPasswordWithToken(token: string, password: string, purpose: AccountTokenPurpose, origin: RequestOrigin): Promise<void> {
    const windowMinutes = this.config.get('LOGIN_THROTTLE_WINDOW_MINUTES', { infer: true });
    const attemptId = await this.auth.beginLinkAttempt(origin.remoteAddress, windowMinutes, this.config.get('ACCOUNT_LINK_MAX_PER_ADDRESS', { infer: true }));
    if (!attemptId) throw new AccountLinkThrottledException(windowMinutes);
    const tokenHash = hashSecretToken(token);
    if (!(await this.auth.accountTokenIsLive(tokenHash, purpose))) throw new AccountLinkInvalidException();
    const passwordHash = await hashPassword(password);
    const memberId = await this.auth.transaction(async (manager) => {
      // Consumed under its row lock: of two submissions of one link, exactly one sets the password.
      const consumed = await this.auth.consumeAccountToken(manager, tokenHash, purpose);
      if (!consumed) return null;
      await this.auth.setPassword(manager, consumed, passwordHash);
      // A reset signs out every session: whoever knew the old password is out.
      if (purpose === 'password_reset') await this.auth.deleteSessionsOf(consumed, manager);
      return consumed;
    });
    if (!memberId) throw new AccountLinkInvalidException();
    await this.auth.markLinkAttemptSucceeded(attemptId);
    const member = await this.auth.findMember(memberId);
    if (member) {
      await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: purpose === 'invitation' ? 'invitation.accepted' : 'password.reset', remoteAddress: origin.remoteAddress });
    }
  }

  /**
   * Answers the same, in about the same time, for known and unknown addresses: the request path
   * does the same lookups and writes for both, and the token and the mail are made after the
   * answer. Past PASSWORD_RESET_MAX_PER_ADDRESS requests from one remote address it answers 429
   * (for any e-mail, so that reveals nothing); past PASSWORD_RESET_MAX_PER_ACCOUNT for one e-mail
   * it silently mails nothing more, so the form cannot be used to flood a member's inbox.
   */
  async requestPasswordReset(email: string, origin: RequestOrigin): Promise<void> {
    const windowMinutes = this.config.get('LOGIN_THROTTLE_WINDOW_MINUTES', { infer: true });
    const recent = await this.audit.recentResetRequests(email, origin.remoteAddress, windowMinutes);
    if (recent.fromAddress >= this.config.get('PASSWORD_RESET_MAX_PER_ADDRESS', { infer: true })) throw new PasswordResetThrottledException(windowMinutes);
    const member = await this.auth.findMemberForSignIn(email);
    const mailed = Boolean(member?.passwordHash) && recent.forEmail < this.config.get('PASSWORD_RESET_MAX_PER_ACCOUNT', { infer: true });
    // The requester is whoever filled in the form, not the member: recorded as such, with where from.
    await this.audit.record({
      networkId: member?.networkId ?? null,
      actor: { memberId: null, label: 'password reset form' },
      action: 'password.reset-requested',
      subject: member ? { type: 'member', id: member.memberId } : undefined,
      detail: { email: email.toLowerCase(), userAgent: origin.userAgent, mailed },
      remoteAddress: origin.remoteAddress,
    });
    if (member && mailed) {
      void this.mailPasswordReset(member, languageFor(member.language, origin.acceptLanguage ?? undefined)).catch((error: unknown) => this.logger.error({ memberId: member.memberId, err: error }, 'Could not send a password reset mail'));
    }
  }

  /** A new reset link retires the earlier ones: only the newest mail works. */
  private async mailPasswordReset(member: MemberContext, language: Language): Promise<void> {
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + this.config.get('PASSWORD_RESET_TTL_MINUTES', { infer: true }) * 60_000);
    await this.auth.transaction(async (manager) => {
      await this.auth.retirePasswordResets(manager, member.memberId);
      await this.auth.createAccountToken({ tokenHash: hashSecretToken(token), memberId: member.memberId, purpose: 'password_reset', createdBy: null, expiresAt }, manager);
    });
    await this.mail.send({
      networkId: member.networkId,
      recipient: member.email,
      subject: translate(language, 'server.mail.resetSubject'),
      body: translate(language, 'server.mail.resetBody', { name: member.displayName, count: this.config.get('PASSWORD_RESET_TTL_MINUTES', { infer: true }), link: LINK_PLACEHOLDER }),
      link: this.linkFor('password_reset', token),
      linkAudience: 'recipient-only',
      language,
    });
  }
}
