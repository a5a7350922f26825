import {
  READ_ONLY_REASONS,
  type DocumentAccess,
  type ReadOnlyReason,
  RECOMMENDATION_LEVELS,
  RECOMMENDATION_STATUSES,
  THEMES,
  type RecommendationDetail,
  type RecommendationLevel,
  type RecommendationStatus,
  type RecommendationSummary,
  type Theme,
  type WorkingGroupSummary,
} from '@accord/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class WorkingGroupSummaryDto implements WorkingGroupSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ptuj local working group' }) name: string;
  @ApiProperty({ enum: ['local', 'thematic'] }) kind: 'local' | 'thematic';
}

export class DocumentAccessDto implements DocumentAccess {
  @ApiProperty() canEdit: boolean;
  @ApiProperty() canComment: boolean;
  @ApiProperty({ enum: READ_ONLY_REASONS, nullable: true, description: 'Why the text is read-only for you' }) readOnlyReason: ReadOnlyReason | null;
}

export class RecommendationSummaryDto implements RecommendationSummary {
  @ApiProperty({ format: 'uuid', description: 'Also the id of the collaborative document at /collab/<id>' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: THEMES }) theme: Theme;
  @ApiProperty({ enum: RECOMMENDATION_LEVELS }) level: RecommendationLevel;
  @ApiProperty({ enum: RECOMMENDATION_STATUSES }) status: RecommendationStatus;
  @ApiProperty({ example: 'sl', description: 'BCP 47 tag of the language the text is written in' }) language: string;
  @ApiProperty({ type: WorkingGroupSummaryDto }) workingGroup: WorkingGroupSummaryDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastEditedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: DocumentAccessDto }) access: DocumentAccessDto;
}

export class RecommendationDetailDto extends RecommendationSummaryDto implements RecommendationDetail {
  @ApiProperty({ description: 'TipTap (ProseMirror) JSON of the text as of the last compaction', type: 'object', additionalProperties: true, nullable: true })
  content: unknown;
}
