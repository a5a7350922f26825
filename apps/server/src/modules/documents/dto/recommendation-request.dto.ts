import { MANUAL_RECOMMENDATION_STATUSES, RECOMMENDATION_LEVELS, RECOMMENDATION_STATUSES, THEMES, type ManualRecommendationStatus, type RecommendationLevel, type RecommendationStatus, type Theme } from '@accord/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class RecommendationListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  workingGroupId?: string;

  @ApiPropertyOptional({ enum: THEMES }) @IsOptional() @IsIn(THEMES)
  theme?: Theme;

  @ApiPropertyOptional({ enum: RECOMMENDATION_STATUSES }) @IsOptional() @IsIn(RECOMMENDATION_STATUSES)
  status?: RecommendationStatus;
}

export class CreateRecommendationDto {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(200)
  title: string;

  @ApiProperty({ enum: THEMES }) @IsIn(THEMES)
  theme: Theme;

  @ApiProperty({ enum: RECOMMENDATION_LEVELS }) @IsIn(RECOMMENDATION_LEVELS)
  level: RecommendationLevel;

  @ApiProperty() @IsUUID()
  workingGroupId: string;
}

export class ChangeRecommendationStatusDto {
  @ApiProperty({ enum: MANUAL_RECOMMENDATION_STATUSES, description: 'voting, adopted, rejected and published are reached through ballots and publishing' })
  @IsIn(MANUAL_RECOMMENDATION_STATUSES, { message: `status must be one of ${MANUAL_RECOMMENDATION_STATUSES.join(', ')}` })
  status: ManualRecommendationStatus;
}
