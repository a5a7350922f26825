import { CollabCloseCode, type PresenceUser, presenceColourFor, READ_ONLY_MESSAGES, SESSION_COOKIE } from '@accord/contracts';
import type { Language } from '@accord/i18n';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { languageFor } from '../../common/i18n/translator';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import type { Subscription } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { AuthRepository } from '../auth/auth.repository';
import { hashSecretToken, parseCookies } from '../auth/secret-token';
import { documentPolicy } from '../documents/document.policy';
import { RecommendationRepository } from '../documents/recommendation.repository';
import { MembershipEvents } from '../networks/membership-events';
import type { CollabConnection } from './collab-connection';
import { CollabAdmissionRepository } from './collab-admission.repository';
import { closeReason, CollabException } from './collab.exception';
import { settleInBackground } from './connection-guard';
import { CookieOriginPolicy } from './cookie-origin.policy';
import { encodePermissionDenied } from './protocol/server-messages';

/** What an admitted connection may do, fixed at the upgrade and revised by the re-checks. */
export interface CollabGrant {
  memberId: string;
  language: Language;
  /**
   * The browser session whose end (sign-out, password reset, expiry) closes the connection: the
   * cookie's own, or the one a collab token was issued to (the token itself only has to be valid to connect).
   */
  sessionId: string;
  sessionKind: 'browser' | 'collab';
  readOnly: boolean;
  readOnlyReason: string;
  /** Who others see in presence: stamped over whatever the client sends (see PresenceGate). */
  presence: PresenceUser;
}

/**
 * The authenticate and authorise steps of the collaboration pipeline. At the upgrade: the session
 * cookie or a `?token=` from POST /api/auth/collab-token, then the document policy. Afterwards:
 * open connections follow role changes and removals, at once for changes made in this process
 * (MembershipEvents) and every COLLAB_ACCESS_RECHECK_MS for everything else (other instances,
 * sign-out, expiry).
 *
 * Another network's document is refused with 4404, exactly like a missing one, so its
 * existence is not revealed; 4403 is for a member whose rights were taken away.
 */
@Injectable()
export class CollabAccess implements OnModuleDestroy {
  private readonly logger = new Logger(CollabAccess.name);
  private connections: ReadonlySet<CollabConnection> = new Set();
  private readonly timer: NodeJS.Timeout;
  private readonly subscription: Subscription;
  private rechecking: Promise<void> | null = null;
  private readonly origins: CookieOriginPolicy;

  constructor(
    private readonly admissions: CollabAdmissionRepository,
    private readonly members: AuthRepository,
    private readonly documents: RecommendationRepository,
    events: MembershipEvents,
    config: ConfigService<AppConfig, true>,
  ) {
    this.origins = new CookieOriginPolicy(config.get('PUBLIC_URL', { infer: true }));
    this.timer = setInterval(() => settleInBackground(this.logger, 'access re-check', {}, () => this.recheck(() => true)), config.get('COLLAB_ACCESS_RECHECK_MS', { infer: true })).unref();
    this.subscription = events.changed$.subscribe(({ memberId }) =>
      settleInBackground(this.logger, 'access re-check', { memberId }, () => this.recheck((connection) => connection.memberId === memberId, true)),
    );
  }

  /** The live connections to keep in step; the service owns the set. */
  watch(connections: ReadonlySet<CollabConnection>): void {
    this.connections = connections;
  }

  async admit(request: IncomingMessage, documentId: string): Promise<CollabGrant | CollabException> {
    try {
      const token = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('token');
      const cookie = parseCookies(request.headers.cookie)[SESSION_COOKIE];
      // A page on another site could open a socket that carries the cookie; a token it cannot get.
      if (!token && cookie && !this.origins.allows(request)) return CollabException.foreignOrigin();
      const secret = token || cookie;
      const admission = secret ? await this.admissions.find(hashSecretToken(secret), token ? 'collab' : 'browser', documentId) : null;
      if (!admission) return token ? CollabException.tokenExpired() : CollabException.signInFirst();
      const { member, partnerName, scope } = admission;
      // Close reasons from now on are written in the member's language.
      const language = languageFor(member.language, request.headers['accept-language']);
      const access = scope ? documentPolicy.access(member, scope) : null;
      if (!access) return CollabException.documentNotFound().forMember(language);
      return {
        memberId: member.memberId,
        language,
        sessionId: member.parentSessionId ?? member.sessionId,
        sessionKind: token ? 'collab' : 'browser',
        readOnly: !access.canEdit,
        readOnlyReason: access.readOnlyReason ? READ_ONLY_MESSAGES[access.readOnlyReason] : '',
        presence: { name: member.displayName, color: presenceColourFor(member.memberId), memberId: member.memberId, partner: partnerName },
      };
    } catch (error) {
      this.logger.error({ documentId, err: error }, 'Could not check access to a document');
      return CollabException.storageUnavailable();
    }
  }

  /** Tells a read-only connection so, once it has joined (y-protocols' auth message). */
  announce(connection: CollabConnection): void {
    if (connection.readOnly) connection.send(encodePermissionDenied(connection.readOnlyReason));
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.subscription.unsubscribe();
  }

  /** Re-applies the policy to the selected open connections; one run at a time. */
  private recheck(select: (connection: CollabConnection) => boolean, urgent = false): Promise<void> {
    if (this.rechecking && !urgent) return this.rechecking;
    const run: Promise<void> = (this.rechecking ?? Promise.resolve())
      .then(() => this.recheckNow(select))
      .finally(() => {
        if (this.rechecking === run) this.rechecking = null;
      });
    this.rechecking = run;
    return run;
  }

  private async recheckNow(select: (connection: CollabConnection) => boolean): Promise<void> {
    const admitted = [...this.connections].filter((connection) => connection.memberId !== null && connection.isOpen && select(connection));
    if (admitted.length === 0) return;
    try {
      const [members, sessions, scopes] = await Promise.all([
        this.members.membersById([...new Set(admitted.map((connection) => connection.memberId!))]),
        this.members.liveSessionIds([...new Set(admitted.map((connection) => connection.sessionId!))]),
        this.documents.findScopes([...new Set(admitted.map((connection) => connection.documentId))]),
      ]);
      for (const connection of admitted) {
        const member = members.get(connection.memberId!);
        const scope = scopes.get(connection.documentId);
        // Removal first: it also ends the member's sessions, and "no longer a member" is the reason to tell.
        if (!member) {
          connection.close(CollabCloseCode.forbidden, closeReason(connection.language, 'server.closeReason.noLongerMember'));
          continue;
        }
        if (!sessions.has(connection.sessionId!)) {
          connection.close(CollabCloseCode.unauthenticated, closeReason(connection.language, 'server.closeReason.sessionEnded'));
          continue;
        }
        if (!scope) {
          connection.close(CollabCloseCode.documentNotFound, closeReason(connection.language, 'server.closeReason.documentDeleted'));
          continue;
        }
        // A language chosen while connected applies to the reasons that follow.
        if (member.language) connection.language = member.language;
        // A renamed member's next presence updates carry the new name.
        if (connection.presence && connection.presence.name !== member.displayName) connection.presence = { ...connection.presence, name: member.displayName };
        const access = documentPolicy.access(member, scope);
        if (!access) {
          connection.close(CollabCloseCode.forbidden, closeReason(connection.language, 'server.closeReason.noLongerAllowed'));
        } else if (!access.canEdit && !connection.readOnly) {
          connection.readOnly = true;
          connection.readOnlyReason = READ_ONLY_MESSAGES[access.readOnlyReason ?? 'not-editor'];
          connection.send(encodePermissionDenied(connection.readOnlyReason));
          this.logger.log({ documentId: connection.documentId, connectionId: connection.id, memberId: member.memberId }, 'Connection is read-only now: its rights changed');
        } else if (access.canEdit && connection.readOnly) {
          // Granted edit rights take effect at once; the web editor learns it when it reconnects or reloads.
          connection.readOnly = false;
          connection.readOnlyReason = '';
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not re-check collaboration rights; trying again at the next interval');
    }
  }
}
