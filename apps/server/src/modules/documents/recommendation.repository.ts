import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RecommendationEntity } from './recommendation.entity';

export interface RecommendationRow {
  recommendation: RecommendationEntity;
  lastEditedAt: Date | null;
  content: unknown;
}

@Injectable()
export class RecommendationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query() {
    return this.dataSource
      .getRepository(RecommendationEntity)
      .createQueryBuilder('recommendation')
      .innerJoinAndSelect('recommendation.workingGroup', 'workingGroup')
      .innerJoin('recommendation.document', 'document')
      .addSelect(['document.id', 'document.lastEditedAt']);
  }

  async list(): Promise<RecommendationRow[]> {
    const rows = await this.query().orderBy('recommendation.title', 'ASC').getMany();
    return rows.map((recommendation) => ({ recommendation, lastEditedAt: recommendation.document.lastEditedAt, content: undefined }));
  }

  async findWithContent(id: string): Promise<RecommendationRow | null> {
    const recommendation = await this.query().addSelect('document.content').where('recommendation.id = :id', { id }).getOne();
    if (!recommendation) return null;
    return { recommendation, lastEditedAt: recommendation.document.lastEditedAt, content: recommendation.document.content };
  }
}
