import type { AmendmentStatus, RecommendationLevel, RecommendationStatus, Theme } from '@accord/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DocumentScope } from './document.policy';
import type { RecommendationListQueryDto } from './dto/recommendation-request.dto';
import { RecommendationEntity } from './recommendation.entity';

export interface RecommendationRow {
  recommendation: RecommendationEntity;
  lastEditedAt: Date | null;
  content: unknown;
}

export interface ScopeRow {
  id: string;
  network_id: string;
  working_group_id: string | null;
  amendment_status: AmendmentStatus | null;
  amendment_authors: string[] | null;
}

/** A document's network and working group; for an amendment's fork, also its status and authors. */
export const SCOPE_QUERY = `SELECT d.id, d.network_id, r.working_group_id, a.status AS amendment_status,
    (SELECT coalesce(array_agg(au.member_id), '{}') FROM amendment_author au WHERE au.amendment_id = a.id) AS amendment_authors
  FROM document d LEFT JOIN recommendation r ON r.id = d.id LEFT JOIN amendment a ON a.id = d.id`;

export function scopeOf(row: ScopeRow): DocumentScope {
  return {
    networkId: row.network_id,
    workingGroupId: row.working_group_id,
    amendment: row.amendment_status ? { status: row.amendment_status, authorIds: row.amendment_authors ?? [] } : null,
  };
}

/** Every read is scoped by network: a recommendation of another network is not found. */
@Injectable()
export class RecommendationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(networkId: string) {
    return this.dataSource
      .getRepository(RecommendationEntity)
      .createQueryBuilder('recommendation')
      .innerJoinAndSelect('recommendation.workingGroup', 'workingGroup')
      .innerJoin('recommendation.document', 'document')
      .addSelect(['document.id', 'document.lastEditedAt'])
      .where('recommendation.networkId = :networkId', { networkId });
  }

  async list(networkId: string, filter: RecommendationListQueryDto = {}): Promise<RecommendationRow[]> {
    const query = this.query(networkId);
    if (filter.workingGroupId) query.andWhere('recommendation.workingGroupId = :workingGroupId', { workingGroupId: filter.workingGroupId });
    if (filter.theme) query.andWhere('recommendation.theme = :theme', { theme: filter.theme });
    if (filter.status) query.andWhere('recommendation.status = :status', { status: filter.status });
    const rows = await query.orderBy('recommendation.title', 'ASC').getMany();
    return rows.map((recommendation) => ({ recommendation, lastEditedAt: recommendation.document.lastEditedAt, content: undefined }));
  }

  async findWithContent(networkId: string, id: string): Promise<RecommendationRow | null> {
    const recommendation = await this.query(networkId).addSelect('document.content').andWhere('recommendation.id = :id', { id }).getOne();
    if (!recommendation) return null;
    return { recommendation, lastEditedAt: recommendation.document.lastEditedAt, content: recommendation.document.content };
  }

  /** Unresolved comment threads per recommendation of the network (absent: none). */
  async openThreadCounts(networkId: string, ids?: string[]): Promise<Map<string, number>> {
    const rows: { document_id: string; count: string }[] = await this.dataSource.query(
      `SELECT document_id, count(*) FROM comment_thread WHERE network_id = $1 AND status = 'open' ${ids ? 'AND document_id = ANY($2::uuid[])' : ''} GROUP BY document_id`,
      ids ? [networkId, ids] : [networkId],
    );
    return new Map(rows.map((row) => [row.document_id, Number(row.count)]));
  }

  /** The network and owning working group of any document, for the policy; null when there is none. */
  async findScope(documentId: string): Promise<DocumentScope | null> {
    const rows: ScopeRow[] = await this.dataSource.query(`${SCOPE_QUERY} WHERE d.id = $1`, [documentId]);
    return rows[0] ? scopeOf(rows[0]) : null;
  }

  async findScopes(documentIds: string[]): Promise<Map<string, DocumentScope>> {
    if (documentIds.length === 0) return new Map();
    const rows: ScopeRow[] = await this.dataSource.query(`${SCOPE_QUERY} WHERE d.id = ANY($1::uuid[])`, [documentIds]);
    return new Map(rows.map((row) => [row.id, scopeOf(row)]));
  }

  async workingGroupNetwork(workingGroupId: string): Promise<string | null> {
    const rows: { network_id: string }[] = await this.dataSource.query(`SELECT network_id FROM working_group WHERE id = $1`, [workingGroupId]);
    return rows[0]?.network_id ?? null;
  }

  /** A recommendation and its (empty) document, in one transaction. */
  async create(networkId: string, recommendation: { title: string; theme: Theme; level: RecommendationLevel; workingGroupId: string; language?: string }, state: Uint8Array, content: unknown): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO document (network_id, kind, state, content, compacted_at) VALUES ($1, 'recommendation', $2, $3, now()) RETURNING id`,
        [networkId, Buffer.from(state), JSON.stringify(content)],
      );
      await manager.query(`INSERT INTO recommendation (id, network_id, working_group_id, title, theme, level, language) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        id,
        networkId,
        recommendation.workingGroupId,
        recommendation.title,
        recommendation.theme,
        recommendation.level,
        recommendation.language ?? 'en',
      ]);
      return id;
    });
  }

  /** Sets the status only if it is still `from` (a ballot opened meanwhile wins); false when it was not. */
  async changeStatus(networkId: string, id: string, from: RecommendationStatus, to: RecommendationStatus): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE recommendation SET status = $4, updated_at = now() WHERE id = $1 AND network_id = $2 AND status = $3`,
      [id, networkId, from, to],
    );
    return affected > 0;
  }

  /** Deletes the document; its recommendation and update log go with it (ON DELETE CASCADE). */
  async delete(networkId: string, id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(`DELETE FROM document WHERE id = $1 AND network_id = $2`, [id, networkId]);
    return affected > 0;
  }
}
