import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { VersionKind } from './document-version.entity';
import type { AuthoredRange } from './version-comparison';

/** A version as the timeline lists it (no state, no content). */
/** An authorship range of one document, as the batched flush writes it. */
export interface DocumentRange extends AuthoredRange {
  documentId: string;
  action: 'insert' | 'delete';
}

export interface VersionSummaryRow {
  number: number;
  kind: VersionKind;
  eventLabel: string | null;
  name: string | null;
  createdAt: Date;
  createdBy: string | null;
  contentHash: string;
  previousHash: string | null;
  chainHash: string;
  wordsAdded: number;
  wordsRemoved: number;
  contributorIds: string[];
  restoredFrom: number | null;
  amendmentId: string | null;
  ballotId: string | null;
}

export interface VersionRow extends VersionSummaryRow {
  state: Buffer;
  content: unknown;
}

/** What a new version carries; its number and the link to the previous one are given by the repository. */
export interface NewVersion {
  kind: VersionKind;
  eventLabel?: string | null;
  name?: string | null;
  createdBy: string | null;
  state: Uint8Array;
  content: unknown;
  contentHash: string;
  chainHash: string;
  wordsAdded: number;
  wordsRemoved: number;
  contributorIds: string[];
  restoredFrom?: number | null;
  amendmentId?: string | null;
  ballotId?: string | null;
}

/** A member as a version names them: with their partner. */
export interface ContributorRow {
  memberId: string;
  displayName: string;
  partnerId: string;
  partnerName: string;
}

const SUMMARY_COLUMNS = `number, kind, event_label AS "eventLabel", name, created_at AS "createdAt", created_by AS "createdBy",
  content_hash AS "contentHash", previous_hash AS "previousHash", chain_hash AS "chainHash", words_added AS "wordsAdded",
  words_removed AS "wordsRemoved", contributor_ids AS "contributorIds", restored_from AS "restoredFrom",
  amendment_id AS "amendmentId", ballot_id AS "ballotId"`;

/** Storage of versions and of the Yjs client ids' authorship. */
@Injectable()
export class VersionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the member behind each client id the first time it brings content to the document. */
  async recordAuthorship(documentId: string, memberId: string, clients: readonly number[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO client_authorship (document_id, client_id, member_id)
       SELECT $1, client, $2 FROM unnest($3::bigint[]) AS client
       WHERE EXISTS (SELECT 1 FROM document WHERE id = $1)
       ON CONFLICT (document_id, client_id) DO NOTHING`,
      [documentId, memberId, clients],
    );
  }

  /** Records clock ranges a member inserted or deleted (a document deleted meanwhile records nothing). */
  async recordRanges(documentId: string, action: 'insert' | 'delete', ranges: readonly AuthoredRange[]): Promise<void> {
    await this.recordRangeBatch(ranges.map((range) => ({ ...range, documentId, action })));
  }

  /**
   * Writes authorship ranges of any number of documents in one statement (the periodic flush
   * gathers every open document's). Ranges of a document deleted meanwhile are left out.
   */
  async recordRangeBatch(ranges: readonly DocumentRange[]): Promise<void> {
    if (ranges.length === 0) return;
    await this.dataSource.query(
      // The documents' rows are locked in id order, as the update log's group commit locks them:
      // the foreign key checks would otherwise take them in the ranges' order, and two statements
      // locking several documents in different orders deadlock.
      `WITH ranges AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::integer[], $5::integer[], $6::uuid[])
                    AS r(document_id, action, client, start_clock, end_clock, member)
       ), locked AS (
         SELECT id FROM document WHERE id IN (SELECT document_id FROM ranges) ORDER BY id FOR KEY SHARE
       )
       INSERT INTO text_range_authorship (document_id, action, client_id, clock_start, clock_end, member_id)
       SELECT r.document_id, r.action, r.client, r.start_clock, r.end_clock, r.member
         FROM ranges r JOIN locked ON locked.id = r.document_id`,
      [
        ranges.map((range) => range.documentId),
        ranges.map((range) => range.action),
        ranges.map((range) => range.client),
        ranges.map((range) => range.start),
        ranges.map((range) => range.end),
        ranges.map((range) => range.memberId),
      ],
    );
  }

  /** The recorded ranges of the given clients' clocks, for one action. */
  async rangesOf(documentId: string, action: 'insert' | 'delete', clients: readonly number[]): Promise<AuthoredRange[]> {
    if (clients.length === 0) return [];
    const rows: { client: string; start: number; end: number; memberId: string | null }[] = await this.dataSource.query(
      `SELECT client_id::text AS client, clock_start AS start, clock_end AS "end", member_id AS "memberId" FROM text_range_authorship
        WHERE document_id = $1 AND action = $2 AND client_id = ANY($3::bigint[])`,
      [documentId, action, clients],
    );
    return rows.map((row) => ({ client: Number(row.client), start: row.start, end: row.end, memberId: row.memberId }));
  }

  /** The member recorded for each of the given client ids (unknown ids are absent). */
  async authorsOf(documentId: string, clients: readonly number[]): Promise<Map<number, string>> {
    if (clients.length === 0) return new Map();
    const rows: { client: string; memberId: string }[] = await this.dataSource.query(
      `SELECT client_id::text AS client, member_id AS "memberId" FROM client_authorship
        WHERE document_id = $1 AND client_id = ANY($2::bigint[]) AND member_id IS NOT NULL`,
      [documentId, clients],
    );
    return new Map(rows.map((row) => [Number(row.client), row.memberId]));
  }

  async contributors(memberIds: readonly string[]): Promise<Map<string, ContributorRow>> {
    if (memberIds.length === 0) return new Map();
    const rows: ContributorRow[] = await this.dataSource.query(
      `SELECT m.id AS "memberId", m.display_name AS "displayName", p.id AS "partnerId", p.name AS "partnerName"
         FROM member m JOIN partner p ON p.id = m.partner_id WHERE m.id = ANY($1::uuid[])`,
      [memberIds],
    );
    return new Map(rows.map((row) => [row.memberId, row]));
  }

  async latest(documentId: string): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, state, content FROM document_version WHERE document_id = $1 ORDER BY number DESC LIMIT 1`,
      [documentId],
    );
    return rows[0] ?? null;
  }

  async find(documentId: string, number: number): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS}, state, content FROM document_version WHERE document_id = $1 AND number = $2`, [documentId, number]);
    return rows[0] ?? null;
  }

  /** Newest first; `before` pages back from a version number. */
  async list(documentId: string, limit: number, before: number | null): Promise<{ versions: VersionSummaryRow[]; total: number }> {
    const versions: VersionSummaryRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM document_version WHERE document_id = $1 AND ($2::integer IS NULL OR number < $2) ORDER BY number DESC LIMIT $3`,
      [documentId, before, limit],
    );
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::integer AS total FROM document_version WHERE document_id = $1`, [documentId]);
    return { versions, total };
  }

  /** Versions 1..upTo, oldest first, with what `verify` recomputes. */
  async chain(documentId: string, upTo: number): Promise<VersionRow[]> {
    return this.dataSource.query(`SELECT ${SUMMARY_COLUMNS}, state, content FROM document_version WHERE document_id = $1 AND number <= $2 ORDER BY number`, [documentId, upTo]);
  }

  /**
   * Appends a version after the latest one, under the document's row lock so that concurrent
   * appends get consecutive numbers and each links to the one before it. `build` sees the latest
   * version and returns the new one, or null to append nothing (e.g. the text did not change).
   * Returns the new version's number, or null.
   */
  async append(documentId: string, build: (previous: VersionRow | null) => NewVersion | null | Promise<NewVersion | null>): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const locked: unknown[] = await manager.query(`SELECT 1 FROM document WHERE id = $1 FOR UPDATE`, [documentId]);
      if (locked.length === 0) return null;
      const previousRows: VersionRow[] = await manager.query(
        `SELECT ${SUMMARY_COLUMNS}, state, content FROM document_version WHERE document_id = $1 ORDER BY number DESC LIMIT 1`,
        [documentId],
      );
      const previous = previousRows[0] ?? null;
      const version = await build(previous);
      if (!version) return null;
      const number = (previous?.number ?? 0) + 1;
      await manager.query(
        `INSERT INTO document_version (document_id, number, kind, event_label, name, created_by, state, content, content_hash, previous_hash, chain_hash,
                                       words_added, words_removed, contributor_ids, restored_from, amendment_id, ballot_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          documentId,
          number,
          version.kind,
          version.eventLabel ?? null,
          version.name ?? null,
          version.createdBy,
          Buffer.from(version.state),
          JSON.stringify(version.content),
          version.contentHash,
          previous?.chainHash ?? null,
          version.chainHash,
          version.wordsAdded,
          version.wordsRemoved,
          version.contributorIds,
          version.restoredFrom ?? null,
          version.amendmentId ?? null,
          version.ballotId ?? null,
        ],
      );
      return number;
    });
  }

  async rename(documentId: string, number: number, name: string | null): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(`UPDATE document_version SET name = $3 WHERE document_id = $1 AND number = $2`, [documentId, number, name]);
    return affected > 0;
  }
}
