import type { AmendmentStatus } from '@accord/contracts';
import type { PassageBounds } from '@accord/editor';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface AmendmentRow {
  id: string;
  networkId: string;
  recommendationId: string;
  title: string;
  reason: string;
  status: AmendmentStatus;
  baseVersion: number;
  baseHash: string;
  baseStateVector: Buffer;
  anchorStart: Buffer;
  anchorEnd: Buffer;
  quotedText: string;
  boundBefore: PassageBounds['before'];
  boundAfter: PassageBounds['after'];
  threadId: string | null;
  createdBy: string | null;
  createdByName: string;
  createdAt: Date;
  closedBy: string | null;
  closedByName: string | null;
  closedReason: string | null;
  closedAt: Date | null;
  ballotId: string | null;
  adoptedVersion: number | null;
  /** Members who may edit it, with their names. */
  authors: { memberId: string; displayName: string; partnerName: string }[];
}

export interface NewAmendment {
  networkId: string;
  recommendationId: string;
  title: string;
  reason: string;
  baseVersion: number;
  baseHash: string;
  baseStateVector: Uint8Array;
  anchorStart: Uint8Array;
  anchorEnd: Uint8Array;
  quotedText: string;
  bounds: PassageBounds;
  threadId: string | null;
  createdBy: string;
  createdByName: string;
  /** The fork: the base version's Yjs state and its TipTap JSON. */
  state: Uint8Array;
  content: unknown;
}

const COLUMNS = `a.id, a.network_id AS "networkId", a.recommendation_id AS "recommendationId", a.title, a.reason, a.status,
  a.base_version AS "baseVersion", a.base_hash AS "baseHash", a.base_state_vector AS "baseStateVector",
  a.anchor_start AS "anchorStart", a.anchor_end AS "anchorEnd", a.quoted_text AS "quotedText",
  a.bound_before AS "boundBefore", a.bound_after AS "boundAfter", a.thread_id AS "threadId",
  a.created_by AS "createdBy", a.created_by_name AS "createdByName", a.created_at AS "createdAt",
  a.closed_by AS "closedBy", a.closed_by_name AS "closedByName", a.closed_reason AS "closedReason", a.closed_at AS "closedAt",
  a.ballot_id AS "ballotId", a.adopted_version AS "adoptedVersion",
  (SELECT coalesce(json_agg(json_build_object('memberId', m.id, 'displayName', m.display_name, 'partnerName', p.name) ORDER BY au.added_at), '[]')
     FROM amendment_author au JOIN member m ON m.id = au.member_id JOIN partner p ON p.id = m.partner_id WHERE au.amendment_id = a.id) AS authors`;

/** Storage of amendments; every read is scoped by network (another network's amendment is not found). */
@Injectable()
export class AmendmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(networkId: string, id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<AmendmentRow | null> {
    const rows: AmendmentRow[] = await manager.query(`SELECT ${COLUMNS} FROM amendment a WHERE a.id = $1 AND a.network_id = $2 ${lock ? 'FOR UPDATE OF a' : ''}`, [id, networkId]);
    return rows[0] ?? null;
  }

  /** For the ballots (no member acting): by id alone. */
  async findAnywhere(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<AmendmentRow | null> {
    const rows: AmendmentRow[] = await manager.query(`SELECT ${COLUMNS} FROM amendment a WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /** The passage bounds of an amendment's fork, or null when the document is no amendment. */
  async bounds(id: string): Promise<PassageBounds | null> {
    const rows: { before: PassageBounds['before']; after: PassageBounds['after'] }[] = await this.dataSource.query(
      `SELECT bound_before AS before, bound_after AS after FROM amendment WHERE id = $1`,
      [id],
    );
    return rows[0] ? { before: rows[0].before, after: rows[0].after } : null;
  }

  async list(networkId: string, recommendationId: string): Promise<AmendmentRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM amendment a WHERE a.network_id = $1 AND a.recommendation_id = $2 ORDER BY a.created_at, a.id`, [networkId, recommendationId]);
  }

  /** The fork's document, the amendment and its first author, in one transaction. Returns the id. */
  async create(amendment: NewAmendment): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO document (network_id, kind, state, content, compacted_at) VALUES ($1, 'amendment', $2, $3, now()) RETURNING id`,
        [amendment.networkId, Buffer.from(amendment.state), JSON.stringify(amendment.content)],
      );
      await manager.query(
        `INSERT INTO amendment (id, network_id, recommendation_id, title, reason, base_version, base_hash, base_state_vector, anchor_start, anchor_end,
                                quoted_text, bound_before, bound_after, thread_id, created_by, created_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          id,
          amendment.networkId,
          amendment.recommendationId,
          amendment.title,
          amendment.reason,
          amendment.baseVersion,
          amendment.baseHash,
          Buffer.from(amendment.baseStateVector),
          Buffer.from(amendment.anchorStart),
          Buffer.from(amendment.anchorEnd),
          amendment.quotedText,
          amendment.bounds.before ? JSON.stringify(amendment.bounds.before) : null,
          amendment.bounds.after ? JSON.stringify(amendment.bounds.after) : null,
          amendment.threadId,
          amendment.createdBy,
          amendment.createdByName,
        ],
      );
      await manager.query(`INSERT INTO amendment_author (amendment_id, member_id) VALUES ($1, $2)`, [id, amendment.createdBy]);
      return id;
    });
  }

  /** Closes an open amendment (withdrawn or declined) with who and why; false when it was not open. */
  async close(id: string, status: 'withdrawn' | 'declined', by: { memberId: string; displayName: string }, reason: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE amendment SET status = $2, closed_by = $3, closed_by_name = $4, closed_reason = $5, closed_at = now() WHERE id = $1 AND status = 'open'`,
      [id, status, by.memberId, by.displayName, reason],
    );
    return affected > 0;
  }

  /** Moves between open and under vote (the ballots' seam); false when it was not in `from`. */
  /** Moves an amendment from one status to another; returns its recommendation's id, or null when it was not in `from`. */
  async changeStatus(id: string, from: AmendmentStatus, to: AmendmentStatus, ballotId: string | null, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [rows]: [{ recommendation_id: string }[], number] = await manager.query(
      `UPDATE amendment SET status = $3, ballot_id = coalesce($4, ballot_id) WHERE id = $1 AND status = $2 RETURNING recommendation_id`,
      [id, from, to, ballotId],
    );
    return rows[0]?.recommendation_id ?? null;
  }

  async markAdopted(manager: EntityManager, id: string, version: number, ballotId: string): Promise<void> {
    await manager.query(`UPDATE amendment SET status = 'adopted', adopted_version = $2, ballot_id = $3 WHERE id = $1`, [id, version, ballotId]);
  }

  /** False when the member already was an author. */
  async addAuthor(id: string, memberId: string, invitedBy: string): Promise<boolean> {
    const added: unknown[] = await this.dataSource.query(
      `INSERT INTO amendment_author (amendment_id, member_id, invited_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING member_id`,
      [id, memberId, invitedBy],
    );
    return added.length > 0;
  }

  async isNetworkMember(networkId: string, memberId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM member WHERE id = $1 AND network_id = $2`, [memberId, networkId]);
    return rows.length > 0;
  }

  /** A comment thread's passage, when the thread is on this recommendation. */
  async threadAnchor(recommendationId: string, threadId: string): Promise<{ start: Buffer; end: Buffer; quotedText: string } | null> {
    const rows: { start: Buffer; end: Buffer; quotedText: string }[] = await this.dataSource.query(
      `SELECT anchor_start AS start, anchor_end AS end, quoted_text AS "quotedText" FROM comment_thread WHERE id = $1 AND document_id = $2`,
      [threadId, recommendationId],
    );
    return rows[0] ?? null;
  }

  /** The members behind the amendment fork's client ids, copied to the recommendation when it is merged. */
  async copyAuthorship(amendmentId: string, recommendationId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO client_authorship (document_id, client_id, member_id, first_seen)
       SELECT $2, client_id, member_id, first_seen FROM client_authorship WHERE document_id = $1
       ON CONFLICT (document_id, client_id) DO NOTHING`,
      [amendmentId, recommendationId],
    );
  }
}
