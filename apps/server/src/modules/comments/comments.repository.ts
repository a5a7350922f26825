import type { CommentBody, NotificationKind, ReactionEmoji, Stance, ThreadFilter, ThreadStatus } from '@accord/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';

export interface ThreadRow {
  id: string;
  networkId: string;
  documentId: string;
  anchorStart: Buffer;
  anchorEnd: Buffer;
  quotedText: string;
  stateVector: Buffer;
  status: ThreadStatus;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  createdBy: string | null;
  createdByName: string;
  createdByPartnerId: string | null;
  createdByPartnerName: string | null;
  createdAt: Date;
  /** bigint as text: the stored log position of the text at creation. */
  textVersion: string;
}

export interface CommentRow {
  id: string;
  threadId: string;
  authorMemberId: string | null;
  authorName: string;
  authorPartnerId: string | null;
  authorPartnerName: string | null;
  body: CommentBody | null;
  stance: Stance | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  hiddenByName: string | null;
  hiddenReason: string | null;
  textVersion: string;
  stateVector: Buffer | null;
}

export interface ReactionRow {
  commentId: string;
  emoji: ReactionEmoji;
  memberIds: string[];
}

/** A member someone may mention or notify, with what a mail to them needs. */
export interface RecipientRow {
  id: string;
  displayName: string;
  email: string;
  language: string | null;
  commentEmails: boolean;
}

export interface NewComment {
  threadId: string;
  author: { memberId: string; displayName: string; partnerId: string };
  body: CommentBody;
  stance: Stance | null;
  stateVector: Buffer | null;
  mentionedMemberIds: string[];
}

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  documentId: string | null;
  recommendationTitle: string;
  threadId: string | null;
  commentId: string | null;
  ballotId: string | null;
  actorName: string;
  body: CommentBody | null;
  createdAt: Date;
  readAt: Date | null;
}

/** SQL for the stored log position of a document's text (see the migration), the document id given as SQL. */
const textVersionOf = (documentId: string): string =>
  `(SELECT GREATEST(d.compacted_through, COALESCE((SELECT max(u.id) FROM document_update u WHERE u.document_id = d.id), 0)) FROM document d WHERE d.id = ${documentId})`;

const THREAD_COLUMNS = `
  t.id, t.network_id AS "networkId", t.document_id AS "documentId", t.anchor_start AS "anchorStart", t.anchor_end AS "anchorEnd",
  t.quoted_text AS "quotedText", t.state_vector AS "stateVector", t.status, t.resolved_by AS "resolvedBy",
  t.resolved_by_name AS "resolvedByName", t.resolved_at AS "resolvedAt", t.created_by AS "createdBy",
  t.created_by_name AS "createdByName", t.created_by_partner_id AS "createdByPartnerId", p.name AS "createdByPartnerName",
  t.created_at AS "createdAt", t.text_version AS "textVersion"`;

const COMMENT_COLUMNS = `
  c.id, c.thread_id AS "threadId", c.author_member_id AS "authorMemberId", c.author_name AS "authorName",
  c.author_partner_id AS "authorPartnerId", p.name AS "authorPartnerName", c.body, c.stance, c.created_at AS "createdAt",
  c.edited_at AS "editedAt", c.deleted_at AS "deletedAt", c.hidden_at AS "hiddenAt", c.hidden_by_name AS "hiddenByName",
  c.hidden_reason AS "hiddenReason", c.text_version AS "textVersion", c.state_vector AS "stateVector"`;

/**
 * Threads, comments, reactions, mentions and notifications. Every read of a thread is scoped by
 * its document (and so by network, which the service has checked): a thread of another
 * recommendation is not found.
 */
@Injectable()
export class CommentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async listThreads(documentId: string, filter: ThreadFilter, memberId: string): Promise<ThreadRow[]> {
    const conditions: Record<ThreadFilter, string> = {
      open: `t.status = 'open'`,
      resolved: `t.status = 'resolved'`,
      all: 'true',
      mine: `(t.created_by = $2 OR EXISTS (SELECT 1 FROM comment mc WHERE mc.thread_id = t.id AND mc.author_member_id = $2))`,
      'mentioning-me': `EXISTS (SELECT 1 FROM comment mc JOIN comment_mention m ON m.comment_id = mc.id WHERE mc.thread_id = t.id AND m.member_id = $2 AND mc.deleted_at IS NULL AND mc.hidden_at IS NULL)`,
    };
    const usesMember = filter === 'mine' || filter === 'mentioning-me';
    return this.dataSource.query(
      `SELECT ${THREAD_COLUMNS} FROM comment_thread t LEFT JOIN partner p ON p.id = t.created_by_partner_id
       WHERE t.document_id = $1 AND ${conditions[filter]} ORDER BY t.created_at, t.id`,
      usesMember ? [documentId, memberId] : [documentId],
    );
  }

  async findThread(documentId: string, threadId: string, manager: EntityManager = this.dataSource.manager): Promise<ThreadRow | null> {
    const rows: ThreadRow[] = await manager.query(
      `SELECT ${THREAD_COLUMNS} FROM comment_thread t LEFT JOIN partner p ON p.id = t.created_by_partner_id WHERE t.document_id = $1 AND t.id = $2`,
      [documentId, threadId],
    );
    return rows[0] ?? null;
  }

  async commentsOf(threadIds: string[]): Promise<CommentRow[]> {
    if (threadIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${COMMENT_COLUMNS} FROM comment c LEFT JOIN partner p ON p.id = c.author_partner_id
       WHERE c.thread_id = ANY($1::uuid[]) ORDER BY c.created_at, c.id`,
      [threadIds],
    );
  }

  async findComment(threadId: string, commentId: string, manager: EntityManager = this.dataSource.manager): Promise<CommentRow | null> {
    const rows: CommentRow[] = await manager.query(
      `SELECT ${COMMENT_COLUMNS} FROM comment c LEFT JOIN partner p ON p.id = c.author_partner_id WHERE c.thread_id = $1 AND c.id = $2`,
      [threadId, commentId],
    );
    return rows[0] ?? null;
  }

  async reactionsOf(threadIds: string[]): Promise<ReactionRow[]> {
    if (threadIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT r.comment_id AS "commentId", r.emoji, array_agg(r.member_id::text ORDER BY r.created_at, r.member_id) AS "memberIds"
       FROM comment_reaction r JOIN comment c ON c.id = r.comment_id
       WHERE c.thread_id = ANY($1::uuid[]) GROUP BY r.comment_id, r.emoji ORDER BY min(r.created_at)`,
      [threadIds],
    );
  }

  async insertThread(
    manager: EntityManager,
    thread: { networkId: string; documentId: string; anchorStart: Buffer; anchorEnd: Buffer; quotedText: string; stateVector: Buffer; author: NewComment['author'] },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO comment_thread (network_id, document_id, anchor_start, anchor_end, quoted_text, state_vector, created_by, created_by_name, created_by_partner_id, text_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ${textVersionOf('$2')}) RETURNING id`,
      [thread.networkId, thread.documentId, thread.anchorStart, thread.anchorEnd, thread.quotedText, thread.stateVector, thread.author.memberId, thread.author.displayName, thread.author.partnerId],
    );
    return id;
  }

  /** The new comment's id, or null when the thread is gone (its recommendation was deleted meanwhile). */
  async insertComment(manager: EntityManager, comment: NewComment): Promise<string | null> {
    const [inserted]: { id: string }[] = await manager.query(
      `INSERT INTO comment (thread_id, author_member_id, author_name, author_partner_id, body, stance, state_vector, text_version)
       SELECT $1, $2, $3, $4, $5, $6, $7, ${textVersionOf('t.document_id')}
       FROM comment_thread t WHERE t.id = $1 RETURNING id`,
      [comment.threadId, comment.author.memberId, comment.author.displayName, comment.author.partnerId, JSON.stringify(comment.body), comment.stance, comment.stateVector],
    );
    if (!inserted) return null;
    const id = inserted.id;
    await this.addMentions(manager, id, comment.mentionedMemberIds);
    await manager.query(`UPDATE comment_thread SET updated_at = now() WHERE id = $1`, [comment.threadId]);
    return id;
  }

  /** Adds mentions; returns the members mentioned for the first time in this comment. */
  async addMentions(manager: EntityManager, commentId: string, memberIds: string[]): Promise<string[]> {
    if (memberIds.length === 0) return [];
    const rows: { member_id: string }[] = await manager.query(
      `INSERT INTO comment_mention (comment_id, member_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING member_id`,
      [commentId, memberIds],
    );
    return rows.map((row) => row.member_id);
  }

  /** After an edit: the mentions the comment no longer makes are dropped (the "mentioning me" filter follows). */
  async keepOnlyMentions(manager: EntityManager, commentId: string, memberIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM comment_mention WHERE comment_id = $1 AND NOT (member_id = ANY($2::uuid[]))`, [commentId, memberIds]);
  }

  async updateBody(manager: EntityManager, commentId: string, body: CommentBody, stance: Stance | null, stateVector: Buffer | null): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE comment SET body = $2, stance = $3, state_vector = COALESCE($4, state_vector), edited_at = now()
       WHERE id = $1 AND deleted_at IS NULL AND hidden_at IS NULL`,
      [commentId, JSON.stringify(body), stance, stateVector],
    );
    return affected > 0;
  }

  /** Leaves a tombstone: the row stays (the thread keeps its shape), the words and stance go. */
  async markDeleted(manager: EntityManager, commentId: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE comment SET body = NULL, stance = NULL, deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`,
      [commentId],
    );
    if (affected > 0) await manager.query(`DELETE FROM notification WHERE comment_id = $1`, [commentId]);
    return affected > 0;
  }

  async hide(commentId: string, by: { memberId: string; displayName: string }, reason: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE comment SET hidden_at = now(), hidden_by = $2, hidden_by_name = $3, hidden_reason = $4 WHERE id = $1 AND deleted_at IS NULL AND hidden_at IS NULL`,
      [commentId, by.memberId, by.displayName, reason],
    );
    return affected > 0;
  }

  /** Changes the status only if it differs: of two concurrent resolutions exactly one changes it. */
  async setStatus(threadId: string, status: ThreadStatus, by: { memberId: string; displayName: string }): Promise<boolean> {
    const [, affected]: [unknown, number] =
      status === 'resolved'
        ? await this.dataSource.query(
            `UPDATE comment_thread SET status = 'resolved', resolved_by = $2, resolved_by_name = $3, resolved_at = now(), updated_at = now() WHERE id = $1 AND status = 'open'`,
            [threadId, by.memberId, by.displayName],
          )
        : await this.dataSource.query(
            `UPDATE comment_thread SET status = 'open', resolved_by = NULL, resolved_by_name = NULL, resolved_at = NULL, updated_at = now() WHERE id = $1 AND status = 'resolved'`,
            [threadId],
          );
    return affected > 0;
  }

  async addReaction(commentId: string, memberId: string, emoji: ReactionEmoji): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO comment_reaction (comment_id, member_id, emoji) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING comment_id`,
      [commentId, memberId, emoji],
    );
    return rows.length > 0;
  }

  async removeReaction(commentId: string, memberId: string, emoji: ReactionEmoji): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(`DELETE FROM comment_reaction WHERE comment_id = $1 AND member_id = $2 AND emoji = $3`, [commentId, memberId, emoji]);
    return affected > 0;
  }

  /** Members of the network with these ids (for mentions), with what a mail to them needs. */
  async networkMembers(networkId: string, memberIds: string[], manager: EntityManager = this.dataSource.manager): Promise<RecipientRow[]> {
    if (memberIds.length === 0) return [];
    return manager.query(
      `SELECT id, display_name AS "displayName", email, language, comment_emails AS "commentEmails" FROM member WHERE network_id = $1 AND id = ANY($2::uuid[])`,
      [networkId, memberIds],
    );
  }

  /** Members whose name, or a word of it, starts with `prefix` (case-insensitive). */
  async membersByPrefix(networkId: string, prefix: string, limit: number): Promise<{ id: string; displayName: string; partnerName: string }[]> {
    const escaped = prefix.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`);
    return this.dataSource.query(
      `SELECT m.id, m.display_name AS "displayName", p.name AS "partnerName" FROM member m JOIN partner p ON p.id = m.partner_id
       WHERE m.network_id = $1 AND (lower(m.display_name) LIKE $2 || '%' OR lower(m.display_name) LIKE '% ' || $2 || '%')
       ORDER BY lower(m.display_name) LIKE $2 || '%' DESC, m.display_name LIMIT $3`,
      [networkId, escaped, limit],
    );
  }

  async insertNotifications(manager: EntityManager, notifications: { memberId: string; kind: NotificationKind; threadId: string; commentId: string; actorName: string }[]): Promise<string[]> {
    const created: string[] = [];
    for (const notification of notifications) {
      const rows: { member_id: string }[] = await manager.query(
        `INSERT INTO notification (member_id, kind, thread_id, comment_id, actor_name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (member_id, comment_id) DO NOTHING RETURNING member_id`,
        [notification.memberId, notification.kind, notification.threadId, notification.commentId, notification.actorName],
      );
      created.push(...rows.map((row) => row.member_id));
    }
    return created;
  }

  /** The member's inbox; a hidden comment's words stay out of the preview, as they do in the thread. */
  async notifications(memberId: string, unreadOnly: boolean, limit: number): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT n.id, n.kind, COALESCE(t.document_id, b.document_id) AS "documentId", COALESCE(r.title, b.title) AS "recommendationTitle",
              n.thread_id AS "threadId", n.comment_id AS "commentId", n.ballot_id AS "ballotId",
              n.actor_name AS "actorName", CASE WHEN c.hidden_at IS NULL THEN c.body END AS body, n.created_at AS "createdAt", n.read_at AS "readAt"
       FROM notification n
       LEFT JOIN comment_thread t ON t.id = n.thread_id LEFT JOIN recommendation r ON r.id = t.document_id LEFT JOIN comment c ON c.id = n.comment_id
       LEFT JOIN ballot b ON b.id = n.ballot_id
       WHERE n.member_id = $1 AND ((r.id IS NOT NULL AND c.id IS NOT NULL) OR b.id IS NOT NULL) ${unreadOnly ? 'AND n.read_at IS NULL' : ''}
       ORDER BY n.created_at DESC, n.id LIMIT $2`,
      [memberId, limit],
    );
  }

  async unreadCount(memberId: string): Promise<number> {
    const [{ count }]: { count: string }[] = await this.dataSource.query(`SELECT count(*) FROM notification WHERE member_id = $1 AND read_at IS NULL`, [memberId]);
    return Number(count);
  }

  /** Marks the member's own notifications read (all of them when `ids` is null); returns how many changed. */
  async markRead(memberId: string, ids: string[] | null): Promise<number> {
    const [, affected]: [unknown, number] = ids
      ? await this.dataSource.query(`UPDATE notification SET read_at = now() WHERE member_id = $1 AND id = ANY($2::uuid[]) AND read_at IS NULL`, [memberId, ids])
      : await this.dataSource.query(`UPDATE notification SET read_at = now() WHERE member_id = $1 AND read_at IS NULL`, [memberId]);
    return affected;
  }

  async ownNotificationIds(memberId: string, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM notification WHERE member_id = $1 AND id = ANY($2::uuid[])`, [memberId, ids]);
    return new Set(rows.map((row) => row.id));
  }

  async commentEmails(memberId: string): Promise<boolean> {
    const rows: { comment_emails: boolean }[] = await this.dataSource.query(`SELECT comment_emails FROM member WHERE id = $1`, [memberId]);
    return rows[0]?.comment_emails ?? true;
  }

  async setCommentEmails(memberId: string, enabled: boolean): Promise<void> {
    await this.dataSource.query(`UPDATE member SET comment_emails = $2 WHERE id = $1`, [memberId, enabled]);
  }

  async recommendationTitle(documentId: string): Promise<string> {
    const rows: { title: string }[] = await this.dataSource.query(`SELECT title FROM recommendation WHERE id = $1`, [documentId]);
    return rows[0]?.title ?? '';
  }
}

/** A foreign key refused the write: a row it refers to (recommendation, thread, comment, member) was deleted meanwhile. */
export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError: unknown = error.driverError;
  return typeof driverError === 'object' && driverError !== null && 'code' in driverError && driverError.code === '23503';
}
