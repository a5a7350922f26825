import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/pg-pool';
import { LIVE_SESSION_FROM, liveSessionWhere, SESSION_MEMBER_COLUMNS, type SessionMember, type SessionMemberRow, toSessionMember } from '../auth/auth.repository';
import type { SessionKind } from '../auth/auth-session.entity';
import type { DocumentScope } from '../documents/document.policy';
import { SCOPE_QUERY, type ScopeRow, scopeOf } from '../documents/recommendation.repository';

/** Most upgrades answered by one statement. */
const MAX_BATCH = 256;

/** For each asked (token hash, kind, document): the live session with its member and partner, and the document's scope. */
const ADMISSIONS = `
  SELECT asked.ordinality, admitted.*
    FROM unnest($1::bytea[], $2::text[], $3::uuid[]) WITH ORDINALITY AS asked(token_hash, kind, document_id, ordinality)
    CROSS JOIN LATERAL (
      SELECT ${SESSION_MEMBER_COLUMNS}, p.name AS partner_name, to_jsonb(scope) AS scope
        FROM ${LIVE_SESSION_FROM}
        JOIN partner p ON p.id = m.partner_id
        LEFT JOIN LATERAL (${SCOPE_QUERY} WHERE d.id = asked.document_id) scope ON true
       WHERE ${liveSessionWhere('asked.token_hash', 'asked.kind')}
    ) admitted`;

type AdmissionRow = SessionMemberRow & { ordinality: string; partner_name: string; scope: ScopeRow | null };

/** Who asks to connect, and what the asked document is: everything the upgrade decides on. */
export interface Admission {
  member: SessionMember;
  partnerName: string;
  /** Null for a document that does not exist. */
  scope: DocumentScope | null;
}

interface AdmissionRequest {
  tokenHash: Buffer;
  kind: SessionKind;
  documentId: string;
  resolve: (admission: Admission | null) => void;
  reject: (error: unknown) => void;
}

/**
 * The one statement behind collaboration upgrades: the live session (or collaboration token) with
 * its member and partner, and the document's scope. The upgrades of one event-loop turn share it,
 * as edits share a commit: when a thousand clients reconnect at once (a restart, a network blip),
 * the database answers a few statements instead of three thousand round trips. A lone upgrade
 * waits for nothing: its turn ends at once.
 */
@Injectable()
export class CollabAdmissionRepository {
  private waiting: AdmissionRequest[] = [];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Null when the session or token is not live. */
  find(tokenHash: Buffer, kind: SessionKind, documentId: string): Promise<Admission | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ tokenHash, kind, documentId, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.answerWaiting());
    });
  }

  private answerWaiting(): void {
    const requests = this.waiting;
    this.waiting = [];
    for (let start = 0; start < requests.length; start += MAX_BATCH) void this.answer(requests.slice(start, start + MAX_BATCH));
  }

  private async answer(requests: AdmissionRequest[]): Promise<void> {
    let rows: AdmissionRow[];
    try {
      rows = await preparedQuery<AdmissionRow>(this.dataSource, 'accord-collab-admissions', ADMISSIONS, [
        requests.map((request) => request.tokenHash),
        requests.map((request) => request.kind),
        requests.map((request) => request.documentId),
      ]);
    } catch (error) {
      for (const request of requests) request.reject(error);
      return;
    }
    const found = new Map(rows.map((row) => [Number(row.ordinality), row]));
    requests.forEach((request, index) => {
      const row = found.get(index + 1);
      request.resolve(row ? { member: toSessionMember(row), partnerName: row.partner_name, scope: row.scope ? scopeOf(row.scope) : null } : null);
    });
  }
}
