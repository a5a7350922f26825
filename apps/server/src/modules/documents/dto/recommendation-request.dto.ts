import { MANUAL_RECOMMENDATION_STATUSES, RECOMMENDATION_LEVELS, RECOMMENDATION_STATUSES, THEMES, type ManualRecommendationStatus, type RecommendationLevel, type RecommendationStatus, type Theme } from '@accord/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

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

  @ApiPropertyOptional({ example: 'sl', default: 'en', description: 'BCP 47 tag of the language the text is written in' })
  // 35 characters: the longest tag RFC 5646 asks every implementation to take (section 4.4.1).
  @IsOptional() @MaxLength(35) @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
  language?: string;
}

export class ChangeRecommendationStatusDto {
  @ApiProperty({ enum: MANUAL_RECOMMENDATION_STATUSES, description: 'voting, adopted, rejected and published are reached through ballots and publishing' })
  // No message of its own: the validation filter says "must be one of: draft, in_review" in the reader's language.
  @IsIn(MANUAL_RECOMMENDATION_STATUSES)
  status: ManualRecommendationStatus;
}
