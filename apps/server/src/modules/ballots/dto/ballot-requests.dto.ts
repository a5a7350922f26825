import { ABSTENTION_RULES, type AbstentionRule, BALLOT_CHOICES, BALLOT_LIMITS, BALLOT_PROPOSALS, type BallotChoice, type BallotProposal, MAJORITY_RULES, type MajorityRule } from '@accord/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class OpenBallotDto {
  @ApiProperty({ enum: BALLOT_PROPOSALS, description: 'adopt-recommendation (needs recommendationId), accept-amendment (needs amendmentId), motion (needs motionText)' })
  @IsIn(BALLOT_PROPOSALS)
  proposal: BallotProposal;

  @ApiProperty({ maxLength: BALLOT_LIMITS.title })
  @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(BALLOT_LIMITS.title)
  title: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  recommendationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  amendmentId?: string;

  @ApiPropertyOptional({ maxLength: BALLOT_LIMITS.motionText, description: 'The motion voted on, word for word' })
  @IsOptional() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(BALLOT_LIMITS.motionText)
  motionText?: string;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'Share of eligible partners that must vote (abstaining counts), whole percent; met when voted × 100 >= quorumPercent × eligible' })
  @IsInt() @Min(0) @Max(100)
  quorumPercent: number;

  @ApiProperty({ enum: MAJORITY_RULES, description: 'simple: for × 2 > denominator; two-thirds: for × 3 >= denominator × 2; unanimity: for = denominator > 0' })
  @IsIn(MAJORITY_RULES)
  majority: MajorityRule;

  @ApiProperty({ enum: ABSTENTION_RULES, description: 'counted: denominator = for + against + abstain; excluded: denominator = for + against' })
  @IsIn(ABSTENTION_RULES)
  abstentions: AbstentionRule;

  @ApiProperty({ description: `ISO 8601; in the future, at most ${BALLOT_LIMITS.maxDays} days ahead` })
  @IsISO8601({ strict: true }) @MaxLength(40)
  deadline: string;
}

export class CastVoteDto {
  @ApiProperty({ enum: BALLOT_CHOICES })
  @IsIn(BALLOT_CHOICES)
  choice: BallotChoice;
}

export class ExtendBallotDto {
  @ApiProperty({ description: 'The new deadline (ISO 8601), later than the current one' })
  @IsISO8601({ strict: true }) @MaxLength(40)
  deadline: string;

  @ApiProperty({ maxLength: BALLOT_LIMITS.reason })
  @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(BALLOT_LIMITS.reason)
  reason: string;
}

export class CloseBallotDto {
  @ApiPropertyOptional({ maxLength: BALLOT_LIMITS.outcomeStatement, description: 'The short outcome statement, if written now' })
  @IsOptional() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(BALLOT_LIMITS.outcomeStatement)
  outcomeStatement?: string;
}

export class OutcomeStatementDto {
  @ApiProperty({ maxLength: BALLOT_LIMITS.outcomeStatement })
  @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(BALLOT_LIMITS.outcomeStatement)
  statement: string;
}
