import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/pg-pool';
import { LIVE_SESSION_FROM, LIVE_SESSION_WHERE, SESSION_MEMBER_COLUMNS, type SessionMember, type SessionMemberRow, toSessionMember } from '../auth/auth.repository';
import type { SessionKind } from '../auth/auth-session.entity';
import type { DocumentScope } from '../documents/document.policy';
import { SCOPE_QUERY, type ScopeRow, scopeOf } from '../documents/recommendation.repository';

const ADMISSION = `
  SELECT ${SESSION_MEMBER_COLUMNS}, p.name AS partner_name, to_jsonb(scope) AS scope
    FROM ${LIVE_SESSION_FROM}
    JOIN partner p ON p.id = m.partner_id
    LEFT JOIN LATERAL (${SCOPE_QUERY} WHERE d.id = $3) scope ON true
   WHERE ${LIVE_SESSION_WHERE}`;

/** Who asks to connect, and what the asked document is: everything the upgrade decides on. */
export interface Admission {
  member: SessionMember;
  partnerName: string;
  /** Null for a document that does not exist. */
  scope: DocumentScope | null;
}

/**
 * The one statement behind a collaboration upgrade: the live session (or collaboration token) with
 * its member and partner, and the document's scope. Three round trips were one per connection
 * each; when a thousand clients reconnect at once, they were most of the work.
 */
@Injectable()
export class CollabAdmissionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Null when the session or token is not live. */
  async find(tokenHash: Buffer, kind: SessionKind, documentId: string): Promise<Admission | null> {
    const rows = await preparedQuery<SessionMemberRow & { partner_name: string; scope: ScopeRow | null }>(this.dataSource, 'accord-collab-admission', ADMISSION, [tokenHash, kind, documentId]);
    const row = rows[0];
    return row ? { member: toSessionMember(row), partnerName: row.partner_name, scope: row.scope ? scopeOf(row.scope) : null } : null;
  }
}
