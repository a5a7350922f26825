import type { MemberRole } from '@accord/contracts';
import { isLanguage } from '@accord/i18n';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/pg-pool';
import { AccountTokenEntity, type AccountTokenPurpose } from './account-token.entity';
import { AuthSessionEntity, type SessionKind } from './auth-session.entity';
import type { MemberContext } from './authenticated-member';

interface MemberRow {
  member_id: string;
  network_id: string;
  partner_id: string;
  display_name: string;
  email: string;
  roles: MemberRole[];
  working_group_ids: string[];
  language: string | null;
}

const MEMBER_COLUMNS = `
  m.id AS member_id, m.network_id, m.partner_id, m.display_name, m.email, m.roles, m.language,
  COALESCE((SELECT array_agg(wgm.working_group_id) FROM working_group_member wgm WHERE wgm.member_id = m.id), '{}') AS working_group_ids`;

function toContext(row: MemberRow): MemberContext {
  return {
    memberId: row.member_id,
    networkId: row.network_id,
    partnerId: row.partner_id,
    displayName: row.display_name,
    email: row.email,
    roles: row.roles,
    workingGroupIds: row.working_group_ids,
    language: isLanguage(row.language) ? row.language : null,
  };
}

export interface SessionMember extends MemberContext {
  sessionId: string;
  /** For a collaboration token: the browser session it was issued to. */
  parentSessionId: string | null;
  csrfToken: string | null;
}

export type SessionMemberRow = MemberRow & { session_id: string; parent_session_id: string | null; csrf_token: string | null };

/**
 * The pieces of the statement that finds a live session by its token's hash (`$1`) and kind (`$2`),
 * with its member as `m`: a collaboration token is live only while its browser session is.
 * The collaboration upgrade adds the document's scope to the same statement (CollabAdmissions).
 */
export const SESSION_MEMBER_COLUMNS = `s.id AS session_id, s.parent_session_id, s.csrf_token, ${MEMBER_COLUMNS}`;
export const LIVE_SESSION_FROM = `auth_session s JOIN member m ON m.id = s.member_id LEFT JOIN auth_session parent ON parent.id = s.parent_session_id`;
export const LIVE_SESSION_WHERE = `s.token_hash = $1 AND s.kind = $2 AND s.expires_at > now() AND (s.kind = 'browser' OR parent.expires_at > now())`;

export function toSessionMember(row: SessionMemberRow): SessionMember {
  return { ...toContext(row), sessionId: row.session_id, parentSessionId: row.parent_session_id, csrfToken: row.csrf_token };
}

export interface SignInLimits {
  perAccount: number;
  perAddress: number;
}

export interface SignInFailures {
  account: number;
  address: number;
}

/** Sessions, sign-in attempts and mailed account tokens. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findMemberForSignIn(email: string): Promise<(MemberContext & { passwordHash: string | null; demo: boolean }) | null> {
    const rows: (MemberRow & { password_hash: string | null; demo: boolean })[] = await this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS}, m.password_hash, m.demo FROM member m WHERE lower(m.email) = lower($1)`,
      [email],
    );
    return rows[0] ? { ...toContext(rows[0]), passwordHash: rows[0].password_hash, demo: rows[0].demo } : null;
  }

  async findMember(memberId: string): Promise<MemberContext | null> {
    const rows: MemberRow[] = await this.dataSource.query(`SELECT ${MEMBER_COLUMNS} FROM member m WHERE m.id = $1`, [memberId]);
    return rows[0] ? toContext(rows[0]) : null;
  }

  /**
   * A live (unexpired) session or collaboration token with its member, or null. A collaboration
   * token is live only while the browser session it was issued to is. Every request and every
   * connection asks this: a prepared statement.
   */
  async findSession(tokenHash: Buffer, kind: SessionKind): Promise<SessionMember | null> {
    const rows = await preparedQuery<SessionMemberRow>(this.dataSource, 'accord-find-session', `SELECT ${SESSION_MEMBER_COLUMNS} FROM ${LIVE_SESSION_FROM} WHERE ${LIVE_SESSION_WHERE}`, [tokenHash, kind]);
    return rows[0] ? toSessionMember(rows[0]) : null;
  }

  /** Which of these sessions are still valid (not signed out, not expired). */
  async liveSessionIds(sessionIds: string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM auth_session WHERE id = ANY($1::uuid[]) AND expires_at > now()`, [sessionIds]);
    return new Set(rows.map((row) => row.id));
  }

  async membersById(memberIds: string[]): Promise<Map<string, MemberContext>> {
    if (memberIds.length === 0) return new Map();
    const rows: MemberRow[] = await this.dataSource.query(`SELECT ${MEMBER_COLUMNS} FROM member m WHERE m.id = ANY($1::uuid[])`, [memberIds]);
    return new Map(rows.map((row) => [row.member_id, toContext(row)]));
  }

  async createSession(session: Pick<AuthSessionEntity, 'tokenHash' | 'memberId' | 'kind' | 'parentSessionId' | 'csrfToken' | 'remoteAddress' | 'userAgent' | 'expiresAt'>): Promise<AuthSessionEntity> {
    const repository = this.dataSource.getRepository(AuthSessionEntity);
    return repository.save(repository.create(session));
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.dataSource.getRepository(AuthSessionEntity).delete({ id: sessionId });
  }

  async deleteSessionsOf(memberId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(AuthSessionEntity).delete({ memberId });
  }

  /**
   * Counts the recent failures and, unless a limit is reached, records this attempt as failed, all
   * under per-account and per-address advisory locks: parallel guesses are counted one after the
   * other, so no more than the limit get through to the password check. Returns the attempt's id
   * (to mark it succeeded) or null when throttled. The account's count is kept per address, so an
   * outsider failing from their address cannot lock out the member signing in from another.
   */
  async beginAttempt(email: string, remoteAddress: string, windowMinutes: number, limits: SignInLimits): Promise<{ attemptId: string | null; failures: SignInFailures }> {
    return this.dataSource.transaction(async (manager) => {
      // Always account before address, so two attempts never wait on each other in a cycle.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('sign-in:account:' || lower($1) || ' from ' || $2, 0))`, [email, remoteAddress]);
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('sign-in:address:' || $1, 0))`, [remoteAddress]);
      const failures = await this.recentFailures(manager, email, remoteAddress, windowMinutes);
      if (failures.account >= limits.perAccount || failures.address >= limits.perAddress) return { attemptId: null, failures };
      const [row]: { id: string }[] = await manager.query(`INSERT INTO login_attempt (email, remote_address, succeeded) VALUES (lower($1), $2, false) RETURNING id`, [email, remoteAddress]);
      return { attemptId: row.id, failures };
    });
  }

  async markAttemptSucceeded(attemptId: string): Promise<void> {
    await this.dataSource.query(`UPDATE login_attempt SET succeeded = true WHERE id = $1`, [attemptId]);
  }

  /** Failures within the window: for the account from this address since its last success, and from the address for any account. */
  private async recentFailures(manager: EntityManager, email: string, remoteAddress: string, windowMinutes: number): Promise<SignInFailures> {
    const [row]: SignInFailures[] = await manager.query(
      `SELECT
         (SELECT count(*)::int FROM login_attempt a
           WHERE a.email = lower($1) AND a.remote_address = $2 AND NOT a.succeeded AND a.created_at > now() - make_interval(mins => $3)
             AND a.created_at > COALESCE((SELECT max(created_at) FROM login_attempt s WHERE s.email = lower($1) AND s.succeeded), '-infinity')) AS account,
         (SELECT count(*)::int FROM login_attempt a
           WHERE a.remote_address = $2 AND NOT a.succeeded AND a.created_at > now() - make_interval(mins => $3)) AS address`,
      [email, remoteAddress, windowMinutes],
    );
    return row;
  }

  /**
   * Like beginAttempt, for invitation and reset-link submissions: counts this address's recent
   * failures under an advisory lock and records this submission as failed unless the limit is
   * reached. Returns the attempt's id, or null when throttled.
   */
  async beginLinkAttempt(remoteAddress: string, windowMinutes: number, limit: number): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('account-link:address:' || $1, 0))`, [remoteAddress]);
      const [{ failures }]: { failures: number }[] = await manager.query(
        `SELECT count(*)::int AS failures FROM account_link_attempt WHERE remote_address = $1 AND NOT succeeded AND created_at > now() - make_interval(mins => $2)`,
        [remoteAddress, windowMinutes],
      );
      if (failures >= limit) return null;
      const [row]: { id: string }[] = await manager.query(`INSERT INTO account_link_attempt (remote_address, succeeded) VALUES ($1, false) RETURNING id`, [remoteAddress]);
      return row.id;
    });
  }

  async markLinkAttemptSucceeded(attemptId: string): Promise<void> {
    await this.dataSource.query(`UPDATE account_link_attempt SET succeeded = true WHERE id = $1`, [attemptId]);
  }

  /** Whether an unused, unexpired link token of this purpose exists: a cheap check before any password hashing. */
  async accountTokenIsLive(tokenHash: Buffer, purpose: AccountTokenPurpose): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM account_token WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
      [tokenHash, purpose],
    );
    return rows.length > 0;
  }

  /** Retires a member's unused reset links, so only the newest mailed one works. */
  async retirePasswordResets(manager: EntityManager, memberId: string): Promise<void> {
    await manager.query(`UPDATE account_token SET used_at = now() WHERE member_id = $1 AND purpose = 'password_reset' AND used_at IS NULL`, [memberId]);
  }

  async createAccountToken(token: Pick<AccountTokenEntity, 'tokenHash' | 'memberId' | 'purpose' | 'createdBy' | 'expiresAt'>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(AccountTokenEntity).insert(token);
  }

  /**
   * Marks an unused, unexpired token used and returns its member, in the caller's transaction;
   * the row lock makes a link work exactly once even when clicked twice at the same moment.
   */
  async consumeAccountToken(manager: EntityManager, tokenHash: Buffer, purpose: AccountTokenPurpose): Promise<string | null> {
    const [rows]: [{ member_id: string }[], number] = await manager.query(
      `UPDATE account_token SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING member_id`,
      [tokenHash, purpose],
    );
    return rows[0]?.member_id ?? null;
  }

  async setLanguage(memberId: string, language: string): Promise<void> {
    await this.dataSource.query(`UPDATE member SET language = $2 WHERE id = $1`, [memberId, language]);
  }

  async setPassword(manager: EntityManager, memberId: string, passwordHash: string): Promise<void> {
    await manager.query(`UPDATE member SET password_hash = $2 WHERE id = $1`, [memberId, passwordHash]);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async signedInMemberDetails(memberId: string): Promise<{ partnerName: string; partnerCountry: string; networkName: string } | null> {
    const rows: { partner_name: string; country: string; network_name: string }[] = await this.dataSource.query(
      `SELECT p.name AS partner_name, p.country, n.name AS network_name
         FROM member m JOIN partner p ON p.id = m.partner_id JOIN network n ON n.id = m.network_id WHERE m.id = $1`,
      [memberId],
    );
    return rows[0] ? { partnerName: rows[0].partner_name, partnerCountry: rows[0].country, networkName: rows[0].network_name } : null;
  }
}
