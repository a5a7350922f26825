import { Injectable } from '@nestjs/common';
import { RecommendationDetailDto, RecommendationSummaryDto } from './dto/recommendation-response.dto';
import { RecommendationNotFoundException } from './documents.exception';
import { RecommendationRepository, type RecommendationRow } from './recommendation.repository';

@Injectable()
export class DocumentsService {
  constructor(private readonly recommendations: RecommendationRepository) {}

  async list(): Promise<RecommendationSummaryDto[]> {
    return (await this.recommendations.list()).map(mapSummary);
  }

  async get(id: string): Promise<RecommendationDetailDto> {
    const row = await this.recommendations.findWithContent(id);
    if (!row) throw new RecommendationNotFoundException(id);
    return { ...mapSummary(row), content: row.content ?? null };
  }
}

function mapSummary({ recommendation, lastEditedAt }: RecommendationRow): RecommendationSummaryDto {
  return {
    id: recommendation.id,
    title: recommendation.title,
    theme: recommendation.theme,
    level: recommendation.level,
    status: recommendation.status,
    workingGroup: { id: recommendation.workingGroup.id, name: recommendation.workingGroup.name, kind: recommendation.workingGroup.kind },
    lastEditedAt: lastEditedAt ? lastEditedAt.toISOString() : null,
    createdAt: recommendation.createdAt.toISOString(),
  };
}
