import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { DRAFT_EXPORT_FORMATS, ERRATUM_REASON_MAX_CHARACTERS, ERRATUM_REASON_MIN_CHARACTERS, type DraftExportFormat } from '@accord/contracts';

export type { DraftExportFormat };

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PublishEditionDto {
  @ApiPropertyOptional({ description: 'The version to publish; without it, the current text is kept as a version and published', minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2_000_000_000)
  versionNumber?: number;
}

export class PublishErratumDto extends PublishEditionDto {
  @ApiProperty({ description: `What the correction fixes (${ERRATUM_REASON_MIN_CHARACTERS} to ${ERRATUM_REASON_MAX_CHARACTERS} characters), shown on the public page and in every export`, maxLength: ERRATUM_REASON_MAX_CHARACTERS })
  @Transform(trimmed) @IsString() @MinLength(ERRATUM_REASON_MIN_CHARACTERS) @MaxLength(ERRATUM_REASON_MAX_CHARACTERS)
  reason: string;
}

export class DraftExportParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ enum: DRAFT_EXPORT_FORMATS })
  @IsIn(DRAFT_EXPORT_FORMATS)
  format: DraftExportFormat;
}

export class VerifyQueryDto {
  @ApiProperty({ description: 'The SHA-256 of a downloaded file, 64 hex digits (e.g. from `sha256sum file.pdf`)', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Transform(trimmed) @IsString() @Matches(/^[0-9a-fA-F]{64}$/)
  sha256: string;
}
