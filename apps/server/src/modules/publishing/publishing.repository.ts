import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExportKind } from './edition-export.entity';
import { seriesOf } from './edition-number';

/** An edition as the pages and the API list it (no text, no files). */
export interface EditionRow {
  id: string;
  networkId: string;
  recommendationId: string;
  series: string;
  year: number;
  sequence: number;
  editionNumber: number;
  title: string;
  language: string;
  languages: string[];
  versionId: string;
  versionNumber: number;
  contentHash: string;
  chainHash: string;
  ballotId: string | null;
  ballot: unknown;
  publishedAt: Date;
  publisherId: string;
  publisherName: string;
  publisherPartner: string;
  erratumReason: string | null;
}

export interface EditionWithContent extends EditionRow {
  content: unknown;
}

export interface ExportRow {
  editionId: string;
  kind: ExportKind;
  mediaType: string;
  fileName: string;
  sha256: string;
  size: number;
  renderMs: number;
}

export interface ExportFile extends ExportRow {
  bytes: Buffer;
}

export interface NewExport {
  kind: ExportKind;
  mediaType: string;
  fileName: string;
  bytes: Buffer;
  sha256: string;
  renderMs: number;
}

export interface NewEdition {
  title: string;
  language: string;
  languages: string[];
  versionId: string;
  versionNumber: number;
  content: unknown;
  contentHash: string;
  chainHash: string;
  ballotId: string | null;
  ballot: unknown;
  publisherId: string;
  publisherName: string;
  publisherPartner: string;
  erratumReason: string | null;
  exports: NewExport[];
}

/** The place of the edition about to be published: its number, and the edition before it for errata. */
export interface EditionSlot {
  series: string;
  year: number;
  sequence: number;
  editionNumber: number;
  publishedAt: Date;
  previous: EditionWithContent | null;
}

export type PublishOutcome = { ok: true; editionId: string } | { ok: false; reason: 'not-found' | 'not-adopted' | 'not-published' };

export interface NetworkRow {
  id: string;
  slug: string;
  name: string;
}

const EDITION_COLUMNS = `e.id, e.network_id AS "networkId", e.recommendation_id AS "recommendationId", e.series, e.year, e.sequence,
  e.edition_number AS "editionNumber", e.title, e.language, e.languages, e.version_id AS "versionId", e.version_number AS "versionNumber",
  e.content_hash AS "contentHash", e.chain_hash AS "chainHash", e.ballot_id AS "ballotId", e.ballot, e.published_at AS "publishedAt",
  e.publisher_id AS "publisherId", e.publisher_name AS "publisherName", e.publisher_partner AS "publisherPartner", e.erratum_reason AS "erratumReason"`;
const EXPORT_COLUMNS = `edition_id AS "editionId", kind, media_type AS "mediaType", file_name AS "fileName", sha256, size, render_ms AS "renderMs"`;

/** Storage of editions and their files. Rows are only ever inserted (the database refuses anything else). */
@Injectable()
export class PublishingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async network(id: string): Promise<NetworkRow | null> {
    const rows: NetworkRow[] = await this.dataSource.query(`SELECT id, slug, name FROM network WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async networkBySlug(slug: string): Promise<NetworkRow | null> {
    const rows: NetworkRow[] = await this.dataSource.query(`SELECT id, slug, name FROM network WHERE slug = $1`, [slug]);
    return rows[0] ?? null;
  }

  /** The publishing member's name and partner, and whether that partner leads the network. */
  async publisher(memberId: string): Promise<{ name: string; partner: string; isLead: boolean } | null> {
    const rows: { name: string; partner: string; isLead: boolean }[] = await this.dataSource.query(
      `SELECT m.display_name AS name, p.name AS partner, p.is_lead AS "isLead" FROM member m JOIN partner p ON p.id = m.partner_id WHERE m.id = $1`,
      [memberId],
    );
    return rows[0] ?? null;
  }

  async recommendation(networkId: string, id: string): Promise<{ id: string; title: string; language: string; status: string } | null> {
    const rows: { id: string; title: string; language: string; status: string }[] = await this.dataSource.query(
      `SELECT id, title, language, status FROM recommendation WHERE id = $1 AND network_id = $2`,
      [id, networkId],
    );
    return rows[0] ?? null;
  }

  /**
   * Publishes an edition in one transaction. The network's row is locked first, so concurrent
   * publishes in a network take numbers one after the other (and the unique index would refuse a
   * duplicate anyway); the recommendation's row is locked so that it is published once. Edition 1
   * takes the next number of the year and moves the recommendation from adopted to published; an
   * erratum (`erratum`) takes the next edition of the recommendation's number. `build` renders the
   * edition for its slot.
   */
  async publish(networkId: string, recommendationId: string, erratum: boolean, build: (slot: EditionSlot) => Promise<NewEdition>): Promise<PublishOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const networks: { name: string }[] = await manager.query(`SELECT name FROM network WHERE id = $1 FOR UPDATE`, [networkId]);
      const recommendations: { status: string }[] = await manager.query(`SELECT status FROM recommendation WHERE id = $1 AND network_id = $2 FOR UPDATE`, [recommendationId, networkId]);
      if (!networks[0] || !recommendations[0]) return { ok: false, reason: 'not-found' } as const;
      const status = recommendations[0].status;
      if (!erratum && status !== 'adopted') return { ok: false, reason: 'not-adopted' } as const;
      if (erratum && status !== 'published') return { ok: false, reason: 'not-published' } as const;
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
      const previous = erratum ? await this.latestEdition(manager, recommendationId) : null;
      if (erratum && !previous) return { ok: false, reason: 'not-published' } as const;
      let slot: EditionSlot;
      if (previous) {
        slot = { series: previous.series, year: previous.year, sequence: previous.sequence, editionNumber: previous.editionNumber + 1, publishedAt: now, previous };
      } else {
        const year = now.getUTCFullYear();
        const [{ next }]: { next: number }[] = await manager.query(`SELECT coalesce(max(sequence), 0) + 1 AS next FROM edition WHERE network_id = $1 AND year = $2`, [networkId, year]);
        slot = { series: seriesOf(networks[0].name), year, sequence: next, editionNumber: 1, publishedAt: now, previous: null };
      }
      const edition = await build(slot);
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO edition (network_id, recommendation_id, series, year, sequence, edition_number, title, language, languages, version_id, version_number,
                              content, content_hash, chain_hash, ballot_id, ballot, published_at, publisher_id, publisher_name, publisher_partner, erratum_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
        [
          networkId, recommendationId, slot.series, slot.year, slot.sequence, slot.editionNumber, edition.title, edition.language, edition.languages, edition.versionId,
          edition.versionNumber, JSON.stringify(edition.content), edition.contentHash, edition.chainHash, edition.ballotId,
          edition.ballot === null ? null : JSON.stringify(edition.ballot), slot.publishedAt, edition.publisherId, edition.publisherName, edition.publisherPartner, edition.erratumReason,
        ],
      );
      for (const file of edition.exports) {
        await manager.query(
          `INSERT INTO edition_export (edition_id, kind, media_type, file_name, bytes, sha256, size, render_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, file.kind, file.mediaType, file.fileName, file.bytes, file.sha256, file.bytes.length, file.renderMs],
        );
      }
      if (!erratum) await manager.query(`UPDATE recommendation SET status = 'published', updated_at = now() WHERE id = $1 AND status = 'adopted'`, [recommendationId]);
      return { ok: true, editionId: id } as const;
    });
  }

  private async latestEdition(manager: EntityManager, recommendationId: string): Promise<EditionWithContent | null> {
    const rows: EditionWithContent[] = await manager.query(`SELECT ${EDITION_COLUMNS}, e.content FROM edition e WHERE e.recommendation_id = $1 ORDER BY e.edition_number DESC LIMIT 1`, [recommendationId]);
    return rows[0] ?? null;
  }

  /** Every edition of a recommendation, oldest first. */
  async editionsOf(recommendationId: string): Promise<EditionRow[]> {
    return this.dataSource.query(`SELECT ${EDITION_COLUMNS} FROM edition e WHERE e.recommendation_id = $1 ORDER BY e.edition_number`, [recommendationId]);
  }

  /** Every edition with a number, oldest first (all editions of one recommendation). */
  async editionsByNumber(networkId: string, year: number, sequence: number): Promise<EditionRow[]> {
    return this.dataSource.query(`SELECT ${EDITION_COLUMNS} FROM edition e WHERE e.network_id = $1 AND e.year = $2 AND e.sequence = $3 ORDER BY e.edition_number`, [networkId, year, sequence]);
  }

  async editionContent(editionId: string): Promise<unknown> {
    const rows: { content: unknown }[] = await this.dataSource.query(`SELECT content FROM edition WHERE id = $1`, [editionId]);
    return rows[0]?.content ?? null;
  }

  /** The latest edition of each published recommendation of a network, newest number first. */
  async latestEditions(networkId: string): Promise<EditionRow[]> {
    return this.dataSource.query(
      `SELECT DISTINCT ON (e.recommendation_id) ${EDITION_COLUMNS} FROM edition e WHERE e.network_id = $1 ORDER BY e.recommendation_id, e.edition_number DESC`,
      [networkId],
    ).then((rows: EditionRow[]) => rows.sort((a, b) => b.year - a.year || b.sequence - a.sequence));
  }

  async exportsOf(editionIds: readonly string[]): Promise<ExportRow[]> {
    if (editionIds.length === 0) return [];
    return this.dataSource.query(`SELECT ${EXPORT_COLUMNS} FROM edition_export WHERE edition_id = ANY($1::uuid[]) ORDER BY array_position(ARRAY['pdf','docx','markdown','html','dossier-pdf','dossier-json'], kind)`, [editionIds]);
  }

  async exportFile(editionId: string, fileName: string): Promise<ExportFile | null> {
    const rows: ExportFile[] = await this.dataSource.query(`SELECT ${EXPORT_COLUMNS}, bytes FROM edition_export WHERE edition_id = $1 AND file_name = $2`, [editionId, fileName]);
    return rows[0] ?? null;
  }

  /** The stored files with this SHA-256, with their edition (any network: published files are public). */
  async exportsWithHash(sha256: string): Promise<{ file: ExportRow; edition: EditionRow; networkSlug: string }[]> {
    const files: ExportRow[] = await this.dataSource.query(`SELECT ${EXPORT_COLUMNS} FROM edition_export WHERE sha256 = $1`, [sha256]);
    if (files.length === 0) return [];
    const editions: (EditionRow & { networkSlug: string })[] = await this.dataSource.query(
      `SELECT ${EDITION_COLUMNS}, n.slug AS "networkSlug" FROM edition e JOIN network n ON n.id = e.network_id WHERE e.id = ANY($1::uuid[])`,
      [files.map((file) => file.editionId)],
    );
    return files.flatMap((file) => {
      const edition = editions.find((row) => row.id === file.editionId);
      return edition ? [{ file, edition, networkSlug: edition.networkSlug }] : [];
    });
  }

  /** A version of the document (the latest when `number` is null). */
  async version(documentId: string, number: number | null): Promise<PublishableVersion | null> {
    const rows: PublishableVersion[] = await this.dataSource.query(
      `SELECT id, number, content, content_hash AS "contentHash", chain_hash AS "chainHash" FROM document_version
        WHERE document_id = $1 AND ($2::integer IS NULL OR number = $2) ORDER BY number DESC LIMIT 1`,
      [documentId, number],
    );
    return rows[0] ?? null;
  }

  /** Versions 1..upTo of a document, hashes only, oldest first. */
  async versionChain(documentId: string, upTo: number): Promise<{ number: number; contentHash: string; previousHash: string | null; chainHash: string }[]> {
    return this.dataSource.query(
      `SELECT number, content_hash AS "contentHash", previous_hash AS "previousHash", chain_hash AS "chainHash" FROM document_version WHERE document_id = $1 AND number <= $2 ORDER BY number`,
      [documentId, upTo],
    );
  }
}

/** A stored version as publishing reads it. */
export interface PublishableVersion {
  id: string;
  number: number;
  content: unknown;
  contentHash: string;
  chainHash: string;
}
